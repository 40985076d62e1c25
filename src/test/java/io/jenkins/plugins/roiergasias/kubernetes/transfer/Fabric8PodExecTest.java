package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exec client against the mock API server's exec WebSocket. */
@Timeout(60)
class Fabric8PodExecTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void aCommandThatFailsGivesItsExitCodeAndStderrNotADroppedConnection() throws Exception {
        server.expect().get().withPath("/api/v1/namespaces/test/pods/p1")
                .andReturn(200, new PodBuilder().withNewMetadata().withName("p1").withNamespace("test").endMetadata()
                        .withNewSpec().addNewContainer().withName("roiergasias").endContainer().endSpec()
                        .withNewStatus().withPhase("Running").endStatus().build())
                .always();
        server.expect()
                .withPath("/api/v1/namespaces/test/pods/p1/exec?command=tar&command=-xf&command=x.tar"
                        + "&container=roiergasias&stdout=true&stderr=true")
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("partial"), new ErrorStreamMessage("tar: short read\n"),
                        new StatusStreamMessage(2))
                .done()
                .once();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PodExec.Result r = new Fabric8PodExec(client, "test")
                .exec("p1", List.of("tar", "-xf", "x.tar"), null, in -> in.transferTo(out));
        // fabric8 7.3 sometimes handles the close before the status (about 1 run in 10 here, even with
        // the close a second later) and then reports no exit code, which comes back as -1: a failure
        // all the same, never a success and never a dropped connection that would be retried
        assertTrue(r.exitCode() == 2 || r.exitCode() == -1, "exit code " + r.exitCode());
        if (r.exitCode() == 2) {
            assertTrue(r.stderr().contains("tar: short read"), r.stderr());
        }
    }
}
