package dev.twine.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.testing.ReactorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The link-safe file calls, on real files in a temporary directory. */
class FileNamesTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withoutReactor();

    @TempDir
    Path dir;

    @Test
    void chmodNoFollowRefusesALinkWhateverTheCallerAccepts() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path link = dir.resolve("link");
        FileNames.symlink(victim.toString(), link.toString());
        // A caller that accepts anything: the link itself must still not be changed through.
        assertThatThrownBy(() -> FileNames.chmodNoFollow(link.toString(), 0777, status -> true, "anything"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("link");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
    }

    @Test
    void chmodNoFollowChangesAFileItAccepts() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        FileNames.chmodNoFollow(file.toString(), 0640, FileStatus::isRegular, "a regular file");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aSocketsFileIsMadeWithTheModeSetOnItBeforeBind() {
        int s = fixture.fds().track(Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM))[0];
        FileNames.fchmod(s, 0600);
        String path = dir.resolve("early.sock").toString();
        UnixSockets.bind(s, path);
        // What bind made, before anything else changed it: never wider than asked (the umask can only narrow it).
        int mode = FileNames.lstat(path).mode() & 0777;
        assertThat(mode & ~0600).as("bits beyond 0600 in 0%s", Integer.toOctalString(mode)).isZero();
    }
}
