package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinkTemplateTest {
    private static final String DASHBOARD = "https://dashboard.example/#/{kind}/{namespace}/{name}";

    @Test
    void jobsAndPodsBecomeDashboardLinks() {
        LinkTemplate t = LinkTemplate.of(DASHBOARD);
        assertNotNull(t);
        assertEquals("https://dashboard.example/#/job/ci/demo-1a2b-s1", t.link("job", "ci", "demo-1a2b-s1"));
        assertEquals("https://dashboard.example/#/pod/ci/demo-1a2b-s1-x7k2p", t.link("pod", "ci", "demo-1a2b-s1-x7k2p"));
        assertEquals("http://grafana.local/d/pods?var-namespace=ci&var-pod=p1",
                LinkTemplate.of("  http://grafana.local/d/pods?var-namespace={namespace}&var-pod={name} ")
                        .link("pod", "ci", "p1"));
    }

    @Test
    void everyValueIsUrlEncodedSoItCannotChangeTheLink() {
        LinkTemplate t = LinkTemplate.of("https://dash.example/{namespace}/{name}?x=1");
        assertEquals("https://dash.example/a%20b%2Fc/%3Fq%3D1%23f%26g%3Cscript%3E?x=1",
                t.link("pod", "a b/c", "?q=1#f&g<script>"));
        assertEquals("https://dash.example/%24%7Bname%7D/%5C1?x=1", t.link("pod", "${name}", "\\1"),
                "a value is not read as a placeholder or a replacement group");
    }

    @Test
    void nothingToLinkWithoutNameOrNamespace() {
        LinkTemplate t = LinkTemplate.of(DASHBOARD);
        assertNull(t.link("pod", "ci", null));
        assertNull(t.link("pod", "ci", ""));
        assertNull(t.link("job", null, "j"));
        assertNull(LinkTemplate.of(null));
        assertNull(LinkTemplate.of("  "));
        assertNull(LinkTemplate.problem(""), "no template is no problem, and no links");
    }

    @Test
    void onlyAbsoluteHttpUrlsWithKnownPlaceholdersAreAccepted() {
        assertNull(LinkTemplate.problem(DASHBOARD));
        assertNull(LinkTemplate.problem("HTTPS://Dash.example/{name}"));
        for (String bad : new String[] {
            "javascript:alert(1)//{name}",
            "JavaScript:alert(1)//{name}",
            "data:text/html,{name}",
            "ftp://host/{name}",
            "//dashboard.example/{name}",
            "/pods/{name}",
            " java\tscript:{name}",
            "https:///{name}",
            "https://dash.example/{nmae}",
            "https://dash.example/{namespace}",
            "https://dash example/{name}",
        }) {
            assertNotNull(LinkTemplate.problem(bad), bad);
            assertNull(LinkTemplate.of(bad), bad);
        }
        assertTrue(LinkTemplate.problem("https://dash.example/{nmae}").contains("{nmae}"));
    }
}
