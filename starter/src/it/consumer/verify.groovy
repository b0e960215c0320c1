// Runs after the consumer application's build passed. Checks that the README tells users exactly what this check
// used, and that the starter the check resolved is shaped like Spring Boot's own starters.
import java.util.jar.JarFile

def fail = { String message -> throw new IllegalStateException(message) }
def squash = { String text -> text.replaceAll(/\s+/, ' ').trim() }

String readmeText = new File(readme).getText('UTF-8')
int useIt = readmeText.indexOf('\n## Use it')
if (useIt < 0) fail("README.md has no '## Use it' section: the consumer check compares its snippets with this build")
String section = readmeText.substring(useIt)
def xml = (section =~ /(?s)```xml\n(.*?)```/)
def kotlin = (section =~ /(?s)```kotlin\n(.*?)```/)
if (!xml.find()) fail("README.md's 'Use it' section has no ```xml snippet with the starter dependency")
if (!kotlin.find()) fail("README.md's 'Use it' section has no ```kotlin snippet (Gradle Kotlin DSL)")
String readmeDependency = squash(xml.group(1))

String pom = new File(basedir, 'pom.xml').getText('UTF-8')
def dependency = (pom =~ /(?s)<!-- The README's snippet: -->\s*(<dependency>.*?<\/dependency>)/)
if (!dependency.find()) fail("starter/src/it/consumer/pom.xml lost the comment <!-- The README's snippet: --> before the starter dependency")
String usedDependency = squash(dependency.group(1))
if (readmeDependency != usedDependency) {
	fail("README.md's Maven snippet differs from what the consumer check used; make them equal.\n" +
			"README.md:                        " + readmeDependency + "\n" +
			"starter/src/it/consumer/pom.xml:  " + usedDependency)
}
String gradle = "implementation(\"${starterGroupId}:${starterArtifactId}:${starterVersion}\")"
if (!kotlin.group(1).contains(gradle)) {
	fail("README.md's Gradle snippet should contain " + gradle + ", it is:\n" + kotlin.group(1))
}

File starterJar = new File(localRepositoryPath,
		"${starterGroupId.replace('.', '/')}/${starterArtifactId}/${starterVersion}/${starterArtifactId}-${starterVersion}.jar")
if (!starterJar.isFile()) fail("The starter jar was not resolved to " + starterJar)
new JarFile(starterJar).withCloseable { jar ->
	def attributes = jar.manifest.mainAttributes
	if (attributes.getValue('Spring-Boot-Jar-Type') != 'dependencies-starter') {
		fail("The starter's manifest lacks Spring-Boot-Jar-Type: dependencies-starter")
	}
	if (attributes.getValue('Automatic-Module-Name') != 'io.childproc.starter') {
		fail("The starter's manifest lacks Automatic-Module-Name: io.childproc.starter")
	}
	def entries = jar.entries().findAll { !it.directory }.collect { it.name }
	if (entries != ['META-INF/MANIFEST.MF']) fail("The starter jar should hold only its manifest, it holds " + entries)
}
// The library modules, built earlier in this reactor: a module name for the module path, sources and Javadoc.
def libraries = ['core': ['childproc-core', 'io.childproc.core'],
		'autoconfigure': ['childproc-spring-boot-autoconfigure', 'io.childproc.autoconfigure'],
		'starter': ['childproc-spring-boot-starter', 'io.childproc.starter']]
libraries.each { folder, names ->
	File target = new File(projectRoot, folder + '/target')
	['', '-sources', '-javadoc'].each { classifier ->
		File jar = new File(target, "${names[0]}-${starterVersion}${classifier}.jar")
		if (!jar.isFile()) fail("${jar} was not built: every library module ships a jar, a -sources and a -javadoc jar")
	}
	new JarFile(new File(target, "${names[0]}-${starterVersion}.jar")).withCloseable { jar ->
		if (jar.manifest.mainAttributes.getValue('Automatic-Module-Name') != names[1]) {
			fail("${names[0]}'s manifest lacks Automatic-Module-Name: ${names[1]}")
		}
	}
}
println "Consumer check: README snippets match, the starter is a manifest-only dependencies-starter jar, " +
		"every library jar has its module name, sources and Javadoc"
return true
