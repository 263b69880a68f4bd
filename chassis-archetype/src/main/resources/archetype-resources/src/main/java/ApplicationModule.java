package ${package};

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.chassis.core.http.Routes;

/** The service's own parts: its routes and its store. */
@Module
public abstract class ApplicationModule {
    @Binds
    @IntoSet
    abstract Routes itemRoutes(ItemRoutes routes);

    @Binds
#if( $database == "postgres" )
    abstract ItemStore itemStore(JdbcItemStore store);
#else
    abstract ItemStore itemStore(MemoryItemStore store);
#end
}
