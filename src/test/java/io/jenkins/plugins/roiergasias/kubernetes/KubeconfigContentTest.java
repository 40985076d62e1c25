package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import io.jenkins.plugins.roiergasias.kubernetes.connection.PermissionCheck;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A kubeconfig credential that is not valid YAML: the messages about it never quote its lines. */
@Timeout(60)
class KubeconfigContentTest {
    private static final String SECRET = "eyJhbGciOiJSUzI1NiJ9-secret-token";
    /** Any part of the secret: a parser's excerpt of the line may cut its beginning. */
    private static final String PART = "secret-token";

    /** A kubeconfig broken on the line that holds the token, as a hand-edited file might be. */
    private static final List<String> BROKEN = List.of(
            """
            apiVersion: v1
            kind: Config
            users:
              - name: runner
                user:
                  token: %s: [unclosed
            """.formatted(SECRET),
            """
            apiVersion: v1
            users:
              - name: runner
                user:
                 token: "%s
            """.formatted(SECRET),
            "\ttoken: " + SECRET + "\n  - : :\n");

    private static final String HELLO = """
            version: 0.1
            task:
              - sequential:
                  - print: ["hello"]
            """;

    @Test
    void aBrokenKubeconfigIsNamedButNotQuoted() {
        for (String yaml : BROKEN) {
            ConnectionSettings s = new ConnectionSettings(
                    "https://127.0.0.1:1", null, false, "ci", new Credential.Kubeconfig(yaml, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesClients.config(s));
            assertFalse(everyMessage(e).contains(PART), everyMessage(e));
            assertFalse(everyMessage(e).contains("token"), everyMessage(e));
            assertTrue(e.getMessage().contains("kubeconfig"), e.getMessage());
            assertTrue(e.getMessage().contains("line"), "says where: " + e.getMessage());
        }
    }

    @Test
    void theRunReportSaysTheKubeconfigIsBrokenWithoutQuotingIt() {
        for (String yaml : BROKEN) {
            ConnectionSettings s = new ConnectionSettings(
                    "https://127.0.0.1:1", null, false, "ci", new Credential.Kubeconfig(yaml, null));
            Recorder recorder = new Recorder();
            RunReport report = new KubernetesRunner(s, JobOptions.defaults(), recorder, c -> {})
                    .run("r-abcdefgh", Workflows.split(HELLO), new Abort());
            assertEquals(RunStatus.ERROR, report.status());
            assertFalse(report.toJson().contains(PART), report.toJson());
            assertFalse(report.toJson().contains("token"), report.toJson());
            assertTrue(report.message().contains("kubeconfig"), report.message());
            assertFalse(recorder.progress.toString().contains(PART), recorder.progress.toString());
        }
    }

    @Test
    void testConnectionSaysTheSameWithoutQuoting() {
        ConnectionSettings s = new ConnectionSettings(
                "https://127.0.0.1:1", null, false, "ci", new Credential.Kubeconfig(BROKEN.get(0), null));
        RuntimeException e = assertThrows(RuntimeException.class, () -> PermissionCheck.missing(s));
        assertFalse(everyMessage(e).contains(PART), everyMessage(e));
    }

    private static String everyMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}
