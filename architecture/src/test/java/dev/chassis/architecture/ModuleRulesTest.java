package dev.chassis.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house rules, over the compiled main classes of every module: no package cycle inside a
 * module; core imports no other module; a module imports no sibling but the ones its design names;
 * nobody outside a module imports its {@code internal} packages; examples use public API only.
 */
class ModuleRulesTest {
    /** A module: its directory, its package root, and the chassis modules it may import besides core. */
    record Module(String directory, String root, List<String> mayUse) {
        JavaClasses classes() {
            return IMPORTED.computeIfAbsent(directory, ModuleRulesTest::compiled);
        }

        @Override
        public String toString() {
            return directory;
        }
    }

    static final List<Module> MODULES = List.of(
            new Module("chassis-core", "dev.chassis.core", List.of()),
            new Module("chassis-observability", "dev.chassis.observability", List.of()),
            new Module("chassis-resilience", "dev.chassis.resilience", List.of()),
            new Module("chassis-discovery", "dev.chassis.discovery", List.of()),
            new Module("chassis-data", "dev.chassis.data", List.of()),
            new Module("chassis-testkit-consul", "dev.chassis.testkit.consul", List.of()),
            new Module(
                    "chassis-testkit",
                    "dev.chassis.testkit",
                    List.of("dev.chassis.testkit.consul", "dev.chassis.testkit.tls")),
            new Module("chassis-testkit-kafka", "dev.chassis.testkit.kafka", List.of()),
            new Module("chassis-testkit-tls", "dev.chassis.testkit.tls", List.of()),
            new Module("chassis-messaging", "dev.chassis.messaging", List.of("dev.chassis.data")),
            new Module("chassis-security", "dev.chassis.security", List.of()),
            new Module("chassis-gateway", "dev.chassis.gateway", List.of()),
            new Module("chassis-testkit-security", "dev.chassis.testkit.security", List.of()));

    private static final Map<String, JavaClasses> IMPORTED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A Dagger component's generated implementation ({@code DaggerHelloComponent} and its nested
     * classes) wires every binding of the modules it lists, their internal ones too: it is the one
     * place allowed to name them.
     */
    private static final String GENERATED_COMPONENT = ".*\\.Dagger[A-Z][^.]*";

    static JavaClasses compiled(String directory) {
        Path dir = Path.of("..", directory, "target", "classes");
        assertThat(dir).as("compiled classes of %s", directory).isDirectory();
        return new ClassFileImporter().importPath(dir);
    }

    static final List<String> EXAMPLES = List.of(
            "examples/hello-service",
            "examples/peer-service",
            "examples/accounts-service",
            "examples/transfers-service",
            "examples/statements-service");

    static List<Module> modules() {
        return MODULES;
    }

    /** Each class's package is a slice: a cycle between any two packages of the module fails. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package";
        }
    };

    @ParameterizedTest
    @MethodSource("modules")
    void noPackageCycleInsideTheModule(Module module) {
        SlicesRuleDefinition.slices()
                .assignedFrom(PACKAGES)
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(module.classes());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void theModuleImportsCoreAndNoSiblingButThoseItsDesignNames(Module module) {
        for (Module other : MODULES) {
            if (other == module
                    || other.root().equals("dev.chassis.core")
                    || module.mayUse().contains(other.root())) {
                continue;
            }
            // A module whose packages lie under another's root (the fake Consul under the testkit's)
            // is not the other one.
            DescribedPredicate<JavaClass> others = resideInAPackage(other.root() + "..")
                    .and(DescribedPredicate.not(resideInAPackage(module.root() + "..")));
            noClasses()
                    .should()
                    .dependOnClassesThat(others)
                    .because(module + " may not import " + other)
                    .allowEmptyShould(true)
                    .check(module.classes());
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void noOtherModuleImportsItsInternals(Module module) {
        for (Module other : MODULES) {
            if (other == module || module.root().startsWith(other.root() + ".")) {
                continue;
            }
            noClasses()
                    .that()
                    .haveNameNotMatching(GENERATED_COMPONENT)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(other.root() + ".internal..")
                    .because(other + "'s internal packages are its own")
                    .allowEmptyShould(true)
                    .check(module.classes());
        }
    }

    @Test
    void examplesUseThePublicApiOnly() {
        for (String example : EXAMPLES) {
            noClasses()
                    .that()
                    .haveNameNotMatching(GENERATED_COMPONENT)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.chassis..internal..")
                    .because("examples are built as a team builds its service")
                    .check(compiled(example));
        }
    }

    @Test
    void theRuleSeesEveryModule() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Module module : MODULES) {
            counts.put(module.directory(), module.classes().size());
        }
        assertThat(counts.values()).allMatch(n -> n >= 3);
    }
}
