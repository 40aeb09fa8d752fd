import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Deletes, from a copy of the shaded jar bound for the container image, the RocksDB and SQLite natives of every
 * other platform (about 45 MB): the image runs on one. Run as a source file by build-rootfs.sh:
 * {@code java TrimNatives.java <jar> <RocksDB native to keep> <SQLite native to keep>}.
 */
public class TrimNatives {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        String rocksdb = args[1];
        String sqlite = args[2];
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> doomed;
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                doomed = all.filter(Files::isRegularFile).filter(p -> {
                    String name = p.toString().substring(1);
                    return name.startsWith("librocksdbjni-") && !name.equals(rocksdb)
                            || name.startsWith("org/sqlite/native/") && !name.equals(sqlite);
                }).toList();
            }
            for (Path p : doomed) {
                Files.delete(p);
            }
            System.out.println("TrimNatives: " + doomed.size() + " natives of other platforms removed");
        }
    }
}
