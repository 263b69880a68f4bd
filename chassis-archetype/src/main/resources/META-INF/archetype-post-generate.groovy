// Removes what the options chosen at generation time do not use.
import java.nio.file.Files
import java.nio.file.Path

Path root = Path.of(request.outputDirectory, request.artifactId)
Properties p = request.properties
String pkgPath = p.getProperty('package').replace('.', '/')

// Archetype resources lose their file modes; the wrapper script must stay executable.
root.resolve('mvnw').toFile().setExecutable(true, false)

// A file named .gitignore is left out of the archetype's jar, so it travels under another name.
Files.move(root.resolve('__gitignore__'), root.resolve('.gitignore'))

if (p.getProperty('database') != 'postgres') {
    Files.deleteIfExists(root.resolve('src/main/resources/db/migration/V1__create_items.sql'))
    Files.deleteIfExists(root.resolve('src/main/resources/db/migration'))
    Files.deleteIfExists(root.resolve('src/main/resources/db'))
    Files.deleteIfExists(root.resolve("src/main/java/${pkgPath}/JdbcItemStore.java"))
} else {
    Files.deleteIfExists(root.resolve("src/main/java/${pkgPath}/MemoryItemStore.java"))
}
