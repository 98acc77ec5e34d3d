package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Inside the harness-router build only: the versions this template pins by hand (it has no
 * parent, so that it builds on its own) are the ones the host ships. A copy of the template
 * outside that build skips these tests; delete this class in your copy.
 */
class HostVersionsTest {

    private static Element template;
    private static Element host;

    @BeforeAll
    static void readPoms() throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path hostPom = basedir.resolveSibling("pom.xml");
        template = pom(basedir.resolve("pom.xml"));
        host = Files.isRegularFile(hostPom) ? pom(hostPom) : null;
    }

    @Test
    void providedLibrariesHaveTheHostsVersions() {
        assumeInsideTheHarnessRouterBuild();
        for (String property : new String[] {"pf4j.version", "jackson.version", "junit.version"}) {
            assertEquals(property(host, property), property(template, property), property);
        }
    }

    @Test
    void buildsAgainstThisRouterApiAndRequiresThisHost() {
        assumeInsideTheHarnessRouterBuild();
        assertEquals(text(host, "version"), property(template, "harness-router.version"));
        assertEquals(property(host, "harness-router.system-version"), property(template, "harness-router.requires"));
    }

    private static void assumeInsideTheHarnessRouterBuild() {
        assumeTrue(host != null && "harness-router-parent".equals(text(host, "artifactId")),
                "not inside the harness-router build (no ../pom.xml of harness-router-parent)");
    }

    private static String property(Element pom, String name) {
        NodeList properties = pom.getElementsByTagName("properties");
        return properties.getLength() == 0 ? null : text((Element) properties.item(0), name);
    }

    private static String text(Element parent, String child) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(child)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static Element pom(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
