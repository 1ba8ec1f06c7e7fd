package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a run directory holds for its services, jar copies and temporary directories: bounded (a test run starts
 * dozens of stacks of 80-160 MB jars) and gone once the stack is down. Nothing is started here.
 */
class LocalStackRunFilesTest {

    @TempDir
    Path root;

    @Test
    void replicasAndRestartsOfOneBuildShareOneCopyAndANewBuildGetsItsOwnBesideIt() throws IOException {
        // Given a built role-sync jar
        Path built = build("first build", 1_000_000L);
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        // When replica 1 and replica 2 start from it, and replica 1 again after a kill
        Path first = stack.runCopy(StackService.ROLE_SYNC, built);
        Path second = stack.runCopy(StackService.ROLE_SYNC, built);
        Path restart = stack.runCopy(StackService.ROLE_SYNC, built);

        // Then they run one copy, whole
        assertThat(second).isEqualTo(first);
        assertThat(restart).isEqualTo(first);
        assertThat(Files.readString(first)).isEqualTo("first build");
        try (var files = Files.list(jarsDir())) {
            assertThat(files).containsExactly(first);
        }

        // When the jar is rebuilt while a replica still runs the first copy
        Files.writeString(built, "second build, longer");
        Files.setLastModifiedTime(built, FileTime.fromMillis(2_000_000L));
        Path rebuilt = stack.runCopy(StackService.ROLE_SYNC, built);

        // Then the new build gets its own copy and the running one stays as it was
        assertThat(rebuilt).isNotEqualTo(first);
        assertThat(Files.readString(rebuilt)).isEqualTo("second build, longer");
        assertThat(Files.readString(first)).isEqualTo("first build");
    }

    @Test
    void replicasStartedAtOnceShareOneWholeCopyAndLeaveNoPartialFile() throws IOException {
        // Given a built jar of 4 MB
        Path built = root.resolve(StackService.NOTICE_DISPATCH.jar(Path.of("")).toString());
        Files.createDirectories(built.getParent());
        byte[] content = new byte[4 << 20];
        new java.util.Random(7).nextBytes(content);
        Files.write(built, content);
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        // When eight replicas start at once
        List<CompletableFuture<Path>> starts = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> stack.runCopy(StackService.NOTICE_DISPATCH, built)))
                .toList();
        List<Path> copies = starts.stream().map(CompletableFuture::join).distinct().toList();

        // Then all run the same copy, byte for byte the build, and no partial copy is left
        assertThat(copies).hasSize(1);
        assertThat(Files.readAllBytes(copies.get(0))).isEqualTo(content);
        try (var files = Files.list(jarsDir())) {
            assertThat(files).containsExactly(copies.get(0));
        }
    }

    @Test
    void downRemovesTheJarCopiesAndTheServicesTemporaryFilesAndKeepsTheLogs() throws IOException {
        // Given a stack whose role-sync ran (its copy, a RocksDB library its killed JVM left in its tmpdir) and logged
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));
        stack.runCopy(StackService.ROLE_SYNC, build("a build", 1_000_000L));
        Path tmp = stack.tmpDir(Instance.first(StackService.ROLE_SYNC));
        Files.writeString(tmp.resolve("librocksdbjni123.so"), "native");
        Path log = Files.createDirectories(root.resolve(".run/logs")).resolve("role-sync.log");
        Files.writeString(log, "started");

        // When the stack goes down (nothing runs)
        List<String> stopped = stack.down();

        // Then nothing was stopped, the copies and the temporary files are gone, and the log stays for reading
        assertThat(stopped).isEmpty();
        assertThat(jarsDir()).doesNotExist();
        assertThat(root.resolve(".run/tmp")).doesNotExist();
        assertThat(log).hasContent("started");
    }

    @Test
    void anInstancesTemporaryDirectoryIsItsOwnInTheRunDirectory() {
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        assertThat(stack.tmpDir(new Instance(StackService.MODERATION, 2)))
                .isEqualTo(root.resolve(".run/tmp/moderation-2").toAbsolutePath())
                .isDirectory();
    }

    private Path build(String content, long modifiedMillis) throws IOException {
        Path built = StackService.ROLE_SYNC.jar(root);
        Files.createDirectories(built.getParent());
        Files.writeString(built, content);
        Files.setLastModifiedTime(built, FileTime.fromMillis(modifiedMillis));
        return built;
    }

    private Path jarsDir() {
        return root.resolve(".run/jars");
    }
}
