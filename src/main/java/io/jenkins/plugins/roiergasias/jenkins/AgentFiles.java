package io.jenkins.plugins.roiergasias.jenkins;

import hudson.FilePath;
import hudson.remoting.Pipe;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.roiergasias.transfer.InputFiles;
import io.jenkins.plugins.roiergasias.transfer.SafeWriter;
import io.jenkins.plugins.roiergasias.transfer.TarExtractor;
import io.jenkins.plugins.roiergasias.transfer.TarWriter;
import io.jenkins.plugins.roiergasias.transfer.TransferFailures;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Files between a workspace on an agent and a directory of the controller, as one tar stream
 * through a remoting {@link Pipe} (memory stays flat). The agent runs the engine's own code: the
 * inputs are selected there as on the controller (no symlink followed out of the workspace), and
 * files are written there with {@link SafeWriter} (never outside the workspace, never through a
 * symlink, each written aside and renamed).
 */
final class AgentFiles {
    private static final long AGENT_WAIT_SECONDS = 30;

    private AgentFiles() {}

    /**
     * Copies the inputs of an agent's workspace, and the earlier outputs named, into a directory of
     * the controller.
     *
     * @return notes about files left out (symlinks)
     * @throws IOException with the agent's reason (an inputs glob that matches nothing, a limit)
     */
    static List<String> fetch(FilePath workspace, FileSettings settings, List<String> carried, Path staging,
            long maxBytes) throws IOException, InterruptedException {
        Pipe pipe = Pipe.createRemoteToLocal();
        Future<List<String>> agent = workspace.actAsync(new Pack(settings, new ArrayList<>(carried), pipe));
        try (InputStream in = pipe.getIn()) {
            TarExtractor.extract(in, new SafeWriter(staging, TransferSpec.refetchLimit(maxBytes, carried.size()),
                    "maxTransferSize"), n -> true, n -> {});
        } catch (IOException e) {
            throw agentReason(agent, e);
        }
        return result(agent);
    }

    /** Writes the named files of a controller directory into an agent's workspace. */
    static void push(Path staging, List<String> names, FilePath workspace) throws IOException, InterruptedException {
        Pipe pipe = Pipe.createLocalToRemote();
        Future<Void> agent = workspace.actAsync(new Unpack(new ArrayList<>(names), pipe));
        try (OutputStream out = pipe.getOut()) {
            TarWriter w = new TarWriter(out);
            for (String n : names) {
                InputFiles.Entry e = InputFiles.plain(staging, n);
                if (e != null) {
                    try (InputStream in = Files.newInputStream(e.source())) {
                        w.file(n, e.size(), e.executable(), e.mtimeSeconds(), in);
                    }
                }
            }
            w.finish();
        } catch (IOException e) {
            throw agentReason(agent, e);
        }
        result(agent);
    }

    private static <T> T result(Future<T> agent) throws IOException, InterruptedException {
        try {
            return agent.get();
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }

    /**
     * When the stream broke, the agent's own failure says more than the broken pipe; when this side
     * refused the content (a limit, a name), that is the reason ({@link TransferFailures}).
     */
    private static IOException agentReason(Future<?> agent, IOException local) throws InterruptedException {
        try {
            agent.get(AGENT_WAIT_SECONDS, TimeUnit.SECONDS);
            return local;
        } catch (ExecutionException e) {
            return TransferFailures.reason(local, asIOException(e.getCause()));
        } catch (TimeoutException e) {
            agent.cancel(true);
            return local;
        }
    }

    private static IOException asIOException(Throwable t) {
        return t instanceof IOException io ? io : new IOException(String.valueOf(t.getMessage()), t);
    }

    /** On the agent: selects the files and writes them as a tar into the pipe. */
    private static final class Pack extends MasterToSlaveFileCallable<List<String>> {
        private static final long serialVersionUID = 1L;
        private final FileSettings settings;
        private final ArrayList<String> carried;
        private final Pipe pipe;

        Pack(FileSettings settings, ArrayList<String> carried, Pipe pipe) {
            this.settings = settings;
            this.carried = carried;
            this.pipe = pipe;
        }

        @Override
        public List<String> invoke(File dir, VirtualChannel channel) throws IOException {
            // opened first: whatever fails, closing it ends the controller's read
            try (OutputStream out = pipe.getOut()) {
                Path root = dir.toPath();
                List<String> notes = new ArrayList<>();
                Map<String, InputFiles.Entry> files = new LinkedHashMap<>();
                for (InputFiles.Entry e : InputFiles.select(root, settings.spec(), notes::add)) {
                    files.put(e.name(), e);
                }
                for (String c : carried) {
                    InputFiles.Entry e = InputFiles.plain(root, c);
                    if (e != null) {
                        files.putIfAbsent(c, e);
                    }
                }
                TarWriter w = new TarWriter(out);
                for (InputFiles.Entry e : files.values()) {
                    try (InputStream in = Files.newInputStream(e.source())) {
                        w.file(e.name(), e.size(), e.executable(), e.mtimeSeconds(), in);
                    }
                }
                w.finish();
                return notes;
            }
        }
    }

    /** On the agent: unpacks the tar from the pipe into the workspace, safely. */
    private static final class Unpack extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> names;
        private final Pipe pipe;

        Unpack(ArrayList<String> names, Pipe pipe) {
            this.names = names;
            this.pipe = pipe;
        }

        @Override
        public Void invoke(File dir, VirtualChannel channel) throws IOException {
            try (InputStream in = pipe.getIn()) {
                try {
                    Set<String> wanted = new HashSet<>(names);
                    TarExtractor.extract(in, new SafeWriter(dir.toPath(), Long.MAX_VALUE, "maxTransferSize"),
                            wanted::contains, n -> {});
                } catch (IOException e) {
                    in.transferTo(OutputStream.nullOutputStream()); // lets the controller finish writing
                    throw e;
                }
            }
            return null;
        }
    }
}
