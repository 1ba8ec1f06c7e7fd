package io.roomsync.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack: started with its output in a log file, recorded in a pid file so that a later
 * {@code make stop} (another JVM) can stop exactly what was started, and stoppable gracefully or with SIGKILL.
 *
 * <p>A pid file holds the pid and the process start instant; a pid whose start instant differs belongs to some
 * other process that reused the number, and is left alone.
 */
public final class ManagedProcess {

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ManagedProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}, appending its stdout and stderr to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                       Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            return new ManagedProcess(name, process.toHandle(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** The process recorded in {@code pidFile}, if it is still the one that was started. */
    public static Optional<ManagedProcess> fromPidFile(String name, Path pidFile, Path logFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(pidFile).trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            String recordedStart = parts.length > 1 ? parts[1] : "";
            String actualStart = handle.get().info().startInstant().map(Instant::toString).orElse("");
            if (!recordedStart.equals(actualStart)) {
                return Optional.empty();
            }
            return Optional.of(new ManagedProcess(name, handle.get(), logFile));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void writePidFile(Path pidFile) {
        String start = handle.info().startInstant().map(Instant::toString).orElse("");
        try {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, handle.pid() + " " + start + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code probe} answers ready; fails early, with the log's tail, if the process dies first. */
    public void awaitReady(Readiness probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!handle.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; last log lines:\n" + logTail(40));
            }
            if (probe.isReady()) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s (" + probe
                + "); last log lines:\n" + logTail(40));
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOutOrInterrupted) {
            kill();
        }
    }

    /** SIGKILL: the process gets no chance to flush or close anything, as in a crash. */
    public void kill() {
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") did not die after SIGKILL", e);
        }
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public long pid() {
        return handle.pid();
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
