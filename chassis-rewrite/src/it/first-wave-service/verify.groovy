// What the recipe changed: the parent in, the copied build out, the moved API at its new places.
String pom = new File(basedir, 'pom.xml').text
assert pom.contains('<artifactId>chassis-service-parent</artifactId>')
assert !pom.contains('<artifactId>maven-shade-plugin</artifactId>')
assert !pom.contains('<artifactId>chassis-bom</artifactId>')
String warmup = new File(basedir, 'src/main/java/com/example/orders/Warmup.java').text
assert warmup.contains('import dev.chassis.core.lifecycle.LifecycleParticipant;')
assert warmup.contains('import dev.chassis.core.common.ChassisException;')
String settings = new File(basedir, 'src/test/java/com/example/orders/SettingsTest.java').text
assert settings.contains('ConfigBinding.bind(')
assert settings.contains('ServiceState.NEW')
assert new File(basedir, 'target/orders-service.jar').isFile()
