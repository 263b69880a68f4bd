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
// The pom holds the service's own coordinates and dependencies; the build is chassis-service-parent's,
// whose version is written in when the archetype is built, not asked for.
String pom = project.resolve('pom.xml').toFile().text
def parentVersion = (pom =~ /(?s)<parent>.*?<artifactId>chassis-service-parent<\/artifactId>\s*<version>(\d+\.\d+\.\d+(-SNAPSHOT)?)<\/version>/)
assert parentVersion.find() : "no chassis-service-parent with a version in the pom:\n${pom}"
String chassisVersion = parentVersion.group(1)
assert !pom.contains('<build>') && !pom.contains('<plugin>') : 'the generated pom repeats the build'
int pomLines = pom.readLines().size()
assert pomLines < 70 : "the generated pom has ${pomLines} lines"
// git.properties is on the classpath (the project sits in a git checkout here).
assert Files.exists(project.resolve('target/classes/git.properties')) : 'no git.properties'
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

    // /info names the commit the jar was built from.
    def info = get('/info')
    assert info[0] == 200 && info[1] =~ /"commit":"[0-9a-f]{7,}"/ : "GET /info: ${info}"

    // Traffic for every panel of the dashboard: a call to the pricing downstream (not running:
    // retries, then the breaker's view of it) and a request the server rejects (a header too big).
    assert get("/items/${id}/price")[0] == 503
    HttpURLConnection big = (HttpURLConnection) new URL("http://127.0.0.1:${port}/items").openConnection()
    big.setRequestProperty('X-Big', 'x' * 20_000)
    assert big.responseCode == 431

    def metrics = get('/metrics')
    assert metrics[0] == 200
    assert metrics[1].contains('http_server_request_duration_seconds_count{') : metrics[1].take(2000)
    assert metrics[1].contains('http_route="/items"')

    // Every query of the generated Grafana dashboard, run by a real Prometheus scraping the jar,
    // returns data: a panel on a metric the service does not have fails here.
    File prometheus = new File('/usr/bin/prometheus')
    if (prometheus.canExecute() || System.getenv('CI') != null) {
        int promPort = new ServerSocket(0).withCloseable { it.localPort }
        Path promDir = basedir.toPath().resolve('prometheus')
        Files.createDirectories(promDir)
        promDir.resolve('prometheus.yml').toFile().text = """global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: orders
    static_configs: [{targets: ['127.0.0.1:${port}']}]
"""
        Process prom = new ProcessBuilder(prometheus.path, "--config.file=${promDir.resolve('prometheus.yml')}",
                "--storage.tsdb.path=${promDir.resolve('data')}", "--web.listen-address=127.0.0.1:${promPort}")
                .redirectErrorStream(true)
                .redirectOutput(promDir.resolve('prometheus.log').toFile())
                .start()
        try {
            def slurper = new groovy.json.JsonSlurper()
            def query = { String expr ->
                String url = "http://127.0.0.1:${promPort}/api/v1/query?query=" + URLEncoder.encode(expr, 'UTF-8')
                slurper.parseText(new URL(url).text)
            }
            boolean up = false
            for (int i = 0; i < 60 && !up; i++) {
                try { up = query('up{job="orders"}').data.result.any { it.value[1] == '1' } } catch (IOException notYet) { }
                if (!up) Thread.sleep(500)
            }
            assert up : "Prometheus did not scrape the jar:\n${promDir.resolve('prometheus.log').toFile().text}"
            // Traffic across several scrapes, so that rates have two samples.
            for (int i = 0; i < 8; i++) {
                get("/items/${id}")
                get("/items/${id}/price")
                Thread.sleep(1_000)
            }
            def dashboard = slurper.parseText(project.resolve('dashboards/grafana.json').toFile().text)
            String service = dashboard.templating.list.find { it.name == 'service' }.query
            List<String> empty = []
            dashboard.panels.each { panel ->
                panel.targets.each { target ->
                    String expr = target.expr.replace('$__rate_interval', '30s').replace('$service', service)
                    def answer = query(expr)
                    assert answer.status == 'success' : "${panel.title}: ${expr}: ${answer}"
                    if (answer.data.result.isEmpty()) {
                        empty << "${panel.title} (${target.refId}): ${expr}"
                    }
                }
            }
            assert empty.isEmpty() : "dashboard queries without data:\n${empty.join('\n')}"
        } finally {
            prom.destroy()
            prom.waitFor()
        }
    }
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

// The conformance report: the chassis version, the rules met, and a feature switched off by a
// system property shown as off, with the key and where it was set.
Process check = new ProcessBuilder(project.resolve('mvnw').toString(), '-B', '-ntp', '-o',
        "-Dmaven.repo.local=${System.getProperty('maven.repo.local') ?: new File(System.getProperty('user.home'), '.m2/repository').path}",
        'chassis:check', '-Dobservability.access-log.enabled=false')
        .directory(project.toFile())
        .redirectErrorStream(true)
        .start()
String checkOut = check.inputStream.text
check.waitFor()
assert check.exitValue() == 0 : "chassis:check failed:\n${checkOut}"
assert checkOut.contains("chassis version: ${chassisVersion} (chassis-core); parent: chassis-service-parent ${chassisVersion}") : checkOut
assert checkOut =~ /build rules: met, \d+ of \d+: requireJavaVersion, .*bannedDependencies \(Netty floor\)/ : checkOut
assert checkOut =~ /orders-service \S+ on dev\.chassis \d/ : checkOut
assert checkOut =~ /on +chassis-observability +metrics at \/metrics/ : checkOut
assert checkOut =~ /off +chassis-observability +access log +observability\.access-log\.enabled: false +\(system property observability\.access-log\.enabled\)/ : checkOut
assert checkOut.contains('switched off: ') && checkOut.contains('access log') : checkOut
assert checkOut.contains('not in the service: none') : checkOut

// A service that brings an old Netty is stopped by the chassis' enforcer rules, with what to do.
Path oldNetty = basedir.toPath().resolve('old-netty')
Files.createDirectories(oldNetty)
oldNetty.resolve('pom.xml').toFile().text = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>dev.chassis</groupId>
    <artifactId>chassis-service-parent</artifactId>
    <version>${chassisVersion}</version>
    <relativePath/>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>old-netty</artifactId>
  <version>1.0</version>
  <properties><main.class>com.acme.Main</main.class></properties>
  <dependencies>
    <dependency><groupId>io.netty</groupId><artifactId>netty-codec-http</artifactId><version>4.1.118.Final</version></dependency>
  </dependencies>
</project>
"""
String repo = System.getProperty('maven.repo.local') ?: new File(System.getProperty('user.home'), '.m2/repository').path
Process enforce = new ProcessBuilder(project.resolve('mvnw').toString(), '-B', '-ntp', "-Dmaven.repo.local=${repo}", 'validate')
        .directory(oldNetty.toFile())
        .redirectErrorStream(true)
        .start()
String enforceOut = enforce.inputStream.text
enforce.waitFor()
assert enforce.exitValue() != 0 : "a service with Netty 4.1 passed the rules:\n${enforceOut}"
assert enforceOut.contains('An old Netty is on the classpath') : "no clear message:\n${enforceOut}"

// The Kubernetes manifests are valid against the Kubernetes OpenAPI schemas (kubernetes-models,
// from the npm registry), and their stop timing covers the chassis' stop sequence.
Path schemaCheck = basedir.toPath().resolve('../../../../src/test/k8s-schema').normalize()
Path validator = basedir.toPath().resolve('k8s-schema')
Files.createDirectories(validator)
['package.json', 'package-lock.json', 'validate.mjs'].each {
    Files.copy(schemaCheck.resolve(it), validator.resolve(it), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
}
boolean npm = ['npm', '--version'].execute().with { waitFor(); exitValue() == 0 }
if (npm || System.getenv('CI') != null) {
    def run = { List<String> command ->
        Process p = new ProcessBuilder(command).directory(validator.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        [p.exitValue(), out]
    }
    def install = run(['npm', 'ci', '--no-audit', '--no-fund'])
    assert install[0] == 0 : "npm ci failed:\n${install[1]}"
    def valid = run(['node', 'validate.mjs', project.resolve('k8s/deployment.yaml').toString()])
    assert valid[0] == 0 : "the manifests are not valid:\n${valid[1]}"
    ['apps/v1/Deployment', 'v1/Service', 'policy/v1/PodDisruptionBudget'].each {
        assert valid[1].contains("${it} orders-service: valid") : valid[1]
    }
}
String manifest = project.resolve('k8s/deployment.yaml').toFile().text
int grace = (manifest =~ /terminationGracePeriodSeconds: (\d+)/)[0][1] as int
int preStop = (manifest =~ /command: \["sleep", "(\d+)"\]/)[0][1] as int
int drain = (yaml =~ /grace-period: (\d+)s/)[0][1] as int
// preStop, then the propagation delay (1s), the drain and the stop hooks (5s) must fit.
assert grace >= preStop + 1 + drain + 5 : "terminationGracePeriodSeconds ${grace} < ${preStop} + 1 + ${drain} + 5"
['startupProbe', 'readinessProbe', 'livenessProbe', '/health/ready', '/health/live', 'requests:'].each {
    assert manifest.contains(it) : "the manifest has no ${it}"
}

// The Dockerfile against the project it is generated into (no container daemon runs here, so
// the image itself is not built; its steps are checked and its training run is run on the jar).
String dockerfile = project.resolve('Dockerfile').toFile().text
def copy = (dockerfile =~ /(?m)^COPY --chown=app:app (\S+) app\.jar$/)
assert copy.find() && Files.exists(project.resolve(copy.group(1))) : "the Dockerfile copies no jar the build makes"
assert dockerfile =~ /(?m)^USER app$/ : 'the image does not run as a non-root user'
assert (dockerfile =~ /(?m)^EXPOSE 8080$/) && (yaml =~ /port: .*8080/) : 'EXPOSE is not the service port'
assert dockerfile.contains('GET /health/live HTTP/1.1') : 'the HEALTHCHECK does not ask the liveness path'
assert dockerfile.contains('-XX:AOTCacheOutput=app.aot') && dockerfile.contains('"-XX:AOTCache=app.aot"') : 'the cache trained is not the one used'
assert dockerfile.contains('"-XX:MaxRAMPercentage=75"') : 'no container-aware heap'
// The training step as the image runs it, on JDK 25 where one is installed (CI has Temurin 25).
File jdk25 = new File('/usr/lib/jvm/temurin-25-jdk-amd64/bin/java')
if (jdk25.canExecute()) {
    Path aot = basedir.toPath().resolve('app.aot')
    Files.deleteIfExists(aot)
    Process train = new ProcessBuilder('timeout', '--preserve-status', '--signal=TERM', '10', jdk25.path, "-XX:AOTCacheOutput=${aot}",
            '-Dserver.port=0', '-jar', project.resolve('target/orders-service.jar').toString())
            .redirectErrorStream(true)
            .redirectOutput(basedir.toPath().resolve('aot-training.log').toFile())
            .start()
    train.waitFor()
    assert train.exitValue() == 0 : "the training run exited ${train.exitValue()}: ${basedir.toPath().resolve('aot-training.log').toFile().text.readLines().takeRight(20).join('\n')}"
    assert Files.size(aot) > 1_000_000 : 'no AOT cache written by the training run'
    Process withCache = new ProcessBuilder(jdk25.path, "-XX:AOTCache=${aot}", '-XX:AOTMode=on', '-Dserver.port=0',
            '-jar', project.resolve('target/orders-service.jar').toString(), '--conformance')
            .redirectErrorStream(true)
            .start()
    String cached = withCache.inputStream.text
    withCache.waitFor()
    assert withCache.exitValue() == 0 && cached.contains('on dev.chassis') : "the jar does not run from its cache:\n${cached}"
}
true
