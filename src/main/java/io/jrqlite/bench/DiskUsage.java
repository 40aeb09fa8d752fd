package io.jrqlite.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Bytes held by the regular files under a directory, as {@code du --apparent-size} counts them: a file with several
 * hard links is counted once (by device and inode, where the file system reports them). A file that disappears during
 * the walk, as a snapshot being replaced may, is skipped.
 */
final class DiskUsage {

    private DiskUsage() {
    }

    /** 0 when {@code root} does not exist. */
    static long bytes(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        Set<String> seen = new HashSet<>();
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && seen.add(identity(file, attrs))) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** device:inode, or the path itself where the file system has no inodes (every link then counts). */
    private static String identity(Path file, BasicFileAttributes attrs) {
        try {
            return Files.getAttribute(file, "unix:dev") + ":" + Files.getAttribute(file, "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            Object key = attrs.fileKey();
            return key != null ? key.toString() : file.toString();
        }
    }
}
