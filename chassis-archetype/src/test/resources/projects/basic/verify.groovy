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
// The chassis version is written in when the archetype is built, not asked for.
String pom = project.resolve('pom.xml').toFile().text
assert pom =~ /<chassis\.version>\d+\.\d+\.\d+(-SNAPSHOT)?<\/chassis\.version>/ : 'no chassis version in the pom'
// The sample downstream's port is none that SimpleBank's services take on one machine.
String yaml = project.resolve('src/main/resources/application.yaml').toFile().text
['8081', '8082', '8500'].each { assert !yaml.contains("localhost:${it}") : "application.yaml uses port ${it}" }
// The TLS keys are documented, and off.
['# tls:', '#   certificate:', '#   private-key:', '#   client-auth:', '#   trust-certificates:'].each {
    assert yaml.contains(it) : "application.yaml does not document ${it}"
}
assert !(yaml =~ /(?m)^\s+tls:/) : 'TLS is on in the generated application.yaml'
// The shaded jar was built without overlapping-resource warnings.
File buildLog = project.resolve('build.log').toFile()
assert buildLog.exists() : 'no build.log of the generated project'
assert !buildLog.text.contains('overlapping resource') : 'the shade plugin warned about overlapping resources'

// The jar runs as it is: the sample route, health and metrics answer, and stdout is JSON logs.
int port = new ServerSocket(0).withCloseable { it.localPort }
Path log = basedir.toPath().resolve('jar-run.log')
Process jar = new ProcessBuilder('java', "-Dserver.port=${port}", '-jar', 'target/orders-service.jar')
        .directory(project.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start()
try {
    def get = { String path ->
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:${port}${path}").openConnection()
        [c.responseCode, (c.responseCode < 400 ? c.inputStream : c.errorStream).text]
    }
    def ready = null
    for (int i = 0; i < 300 && ready == null; i++) {
        try { ready = get('/health/ready') } catch (IOException notYet) { Thread.sleep(100) }
    }
    assert ready != null : "the jar did not answer within 30s:\n${log.toFile().text}"
    assert ready[0] == 200 : "readiness: ${ready}"
    assert get('/health/live')[0] == 200

    HttpURLConnection post = (HttpURLConnection) new URL("http://127.0.0.1:${port}/items").openConnection()
    post.requestMethod = 'POST'
    post.doOutput = true
    post.setRequestProperty('Content-Type', 'application/json')
    post.setRequestProperty('X-Correlation-ID', 'verify-jar-1')
    post.outputStream.withWriter { it << '{"name":"bolt","quantity":3}' }
    assert post.responseCode == 201 : "POST /items: ${post.responseCode} ${post.errorStream?.text}"
    String created = post.inputStream.text
    assert created.contains('"name":"bolt"') : created
    String id = (created =~ /"id":"?([^",}]+)/)[0][1]
    def found = get("/items/${id}")
    assert found[0] == 200 && found[1].contains('"quantity":3') : "GET /items/${id}: ${found}"
    assert get('/items/00000000-0000-0000-0000-000000000000')[0] == 404

    def metrics = get('/metrics')
    assert metrics[0] == 200
    assert metrics[1].contains('http_server_request_duration_seconds_count{') : metrics[1].take(2000)
    assert metrics[1].contains('http_route="/items"')
} finally {
    jar.destroy()
    jar.waitFor()
}
assert jar.exitValue() == 0 : "exit status after SIGTERM: ${jar.exitValue()}"

List<String> lines = log.toFile().readLines().findAll { !it.isBlank() }
assert !lines.isEmpty()
def json = new groovy.json.JsonSlurper()
lines.each { line ->
    assert line.startsWith('{') : "not a JSON log line: ${line}"
    json.parseText(line)
}
assert lines.any { it.contains('"message":"POST /items 201') && it.contains('"correlationId":"verify-jar-1"') } :
        "no access log of the POST with its correlation ID:\n${lines.join('\n')}"
