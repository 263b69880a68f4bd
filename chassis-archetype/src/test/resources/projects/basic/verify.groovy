// Runs after the generated project's build: what a team gets besides green tests.
import java.nio.file.Files
import java.nio.file.Path

Path project = basedir.toPath().resolve('project/orders-service')
assert Files.isExecutable(project.resolve('mvnw')) : 'mvnw is not executable'
assert Files.exists(project.resolve('.mvn/wrapper/maven-wrapper.properties'))
assert Files.exists(project.resolve('.gitignore'))
assert Files.size(project.resolve('target/orders-service.jar')) > 1_000_000 : 'no runnable jar'
assert !Files.exists(project.resolve('src/main/java/com/acme/orders/JdbcItemStore.java'))
assert !Files.exists(project.resolve('src/main/resources/db'))
