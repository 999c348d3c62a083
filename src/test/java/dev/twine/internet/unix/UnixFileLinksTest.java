package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.interfaces.IUNIXDatagramTransport;
import dev.twine.internet.protocol.DatagramProtocol;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A symbolic link planted at every name the UNIX transport touches (the lock, the socket file, the temporary
 * name the lock used to be written to) points at a victim file: the victim keeps its content and its mode, the
 * link is neither followed nor removed, and the operation fails cleanly or succeeds without it. Locks are
 * Twisted's: a symbolic link whose target is the owner's pid.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixFileLinksTest extends UnixTestBase {
    private static final String SECRET = "secret-content";

    private static Factory sink() {
        return Factory.forProtocol(Protocol::new);
    }

    /** A file that must never be written, chmodded or removed: "secret-content", mode 0600. */
    private Path victim() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, SECRET);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        return victim;
    }

    private static void assertUntouched(Path victim) throws Exception {
        assertThat(Files.readString(victim)).as("the victim's content").isEqualTo(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).as("the victim's mode")
                .isEqualTo("rw-------");
    }

    private static void assertStillALinkTo(Path link, Path target) throws Exception {
        assertThat(Files.isSymbolicLink(link)).as("%s is still the link planted there", link).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
    }

    private static String ourPid() {
        return Long.toString(ProcessHandle.current().pid());
    }

    private static void stopChild(Process child) throws Exception {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        child.getInputStream().close();
        child.getOutputStream().close();
    }

    @Test
    void theLockIsASymbolicLinkToOurPid() throws Exception {
        String path = path("format.sock");
        Path lock = Path.of(path + ".lock");
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertThat(Files.isSymbolicLink(lock)).as("Twisted's lock format").isTrue();
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(ourPid());
        stop(port);
        assertThat(Files.exists(lock, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aLinkAtTheOldTemporaryNameIsNeverWrittenThrough() throws Exception {
        Path victim = victim();
        String path = path("draft.sock");
        Path draft = Path.of(path + ".lock." + ourPid() + ".new");
        Files.createSymbolicLink(draft, victim);
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertUntouched(victim);
        assertStillALinkTo(draft, victim);
        stop(port);
        assertUntouched(victim);
    }

    @Test
    void aLinkAtTheLockNameToAFileIsNeitherReadNorRemoved() throws Exception {
        Path victim = victim();
        String path = path("linked.sock");
        Path lock = Path.of(path + ".lock");
        Files.createSymbolicLink(lock, victim);
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                .isInstanceOf(CannotListenError.class).hasMessageContaining(path)
                .satisfies(e -> assertThat(chain(e)).as("the victim's content is not read into the error")
                        .doesNotContain(SECRET));
        assertUntouched(victim);
        assertStillALinkTo(lock, victim);
        assertThat(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)).as("no socket made").isFalse();

        OneClient checking = new OneClient(new Peer());
        reactor().connectUNIX(path, checking, 30, true);
        runUntil(() -> !checking.failed.isEmpty());
        assertThat(chain(checking.failed.get(0).value())).doesNotContain(SECRET);
        assertUntouched(victim);
        assertStillALinkTo(lock, victim);
    }

    @Test
    void aDanglingLinkAtTheLockNameCreatesNothing() throws Exception {
        String path = path("dangling.sock");
        Path lock = Path.of(path + ".lock");
        Path absent = dir.resolve("absent");
        Files.createSymbolicLink(lock, absent);
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                .isInstanceOf(CannotListenError.class);
        assertThat(Files.exists(absent, LinkOption.NOFOLLOW_LINKS)).as("nothing created through the link").isFalse();
        assertStillALinkTo(lock, absent);
    }

    @Test
    void aFifoAtTheLockNameFailsAtOnceInsteadOfBlocking() throws Exception {
        String path = path("fifo.sock");
        Path lock = Path.of(path + ".lock");
        Process mkfifo = new ProcessBuilder("mkfifo", lock.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                .isInstanceOf(CannotListenError.class).hasMessageContaining(lock.toString());
        assertThat(Files.exists(lock, LinkOption.NOFOLLOW_LINKS)).as("not ours to remove").isTrue();
    }

    @Test
    void aTwistedStyleLockOfADeadOwnerIsBrokenAndTaken() throws Exception {
        String path = path("stale.sock");
        Path lock = Path.of(path + ".lock");
        Files.createSymbolicLink(lock, Path.of(Integer.toString(deadPid())));
        staleSocketFile(path);
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(ourPid());
        stop(port);
        assertThat(Files.exists(lock, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aTwistedStyleLockOfALiveOwnerRefusesAndStays() throws Exception {
        String path = path("live.sock");
        Path lock = Path.of(path + ".lock");
        Process child = liveChild();
        try {
            String pid = Integer.toString(pidOf(child));
            Files.createSymbolicLink(lock, Path.of(pid));
            assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                    .isInstanceOf(CannotListenError.class).hasMessageContaining("live process");
            assertThat(Files.readSymbolicLink(lock).toString()).as("the owner's lock is left alone").isEqualTo(pid);

            String served = path("served.sock");
            IListeningPort port = reactor().listenUNIX(served, sink());
            Files.createSymbolicLink(Path.of(served + ".lock"), Path.of(pid));
            Peer peer = new Peer();
            reactor().connectUNIX(served, new OneClient(peer), 30, true);
            runUntil(() -> peer.made);
            stop(port);
            Files.delete(Path.of(served + ".lock"));
        } finally {
            stopChild(child);
        }
    }

    @Test
    void anOldFormatLockFileIsStillUnderstood() throws Exception {
        String path = path("old.sock");
        Path lock = Path.of(path + ".lock");
        Files.writeString(lock, deadPid() + "\n");
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertThat(Files.readSymbolicLink(lock).toString()).as("the stale plain file replaced").isEqualTo(ourPid());
        stop(port);
    }

    @Test
    void aLinkAtTheSocketPathIsNotBoundThroughOrRemoved() throws Exception {
        Path victim = victim();
        String path = path("socklink.sock");
        Files.createSymbolicLink(Path.of(path), victim);
        // A dead owner's lock makes the port clear what that owner left, which is not this link.
        Files.createSymbolicLink(Path.of(path + ".lock"), Path.of(Integer.toString(deadPid())));
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0600, true))
                .isInstanceOf(CannotListenError.class);
        assertUntouched(victim);
        assertStillALinkTo(Path.of(path), victim);
        assertThat(Files.exists(Path.of(path + ".lock"), LinkOption.NOFOLLOW_LINKS)).as("our lock given up").isFalse();

        assertThatThrownBy(() -> reactor().listenUNIXDatagram(path, new DatagramProtocol(), 8192, 0600))
                .isInstanceOf(CannotListenError.class);
        assertUntouched(victim);
        assertStillALinkTo(Path.of(path), victim);
    }

    @Test
    void settingTheModeNeverFollowsALink() throws Exception {
        Path victim = victim();
        Path link = dir.resolve("mode-link");
        Files.createSymbolicLink(link, victim);
        assertThatThrownBy(() -> SocketFiles.chmod(link.toString(), 0666)).as("a link is refused").isNotNull();
        assertUntouched(victim);
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SocketFiles.chmod(plain.toString(), 0666)).as("so is a file that is no socket")
                .isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain))).isEqualTo("rw-------");
    }

    @Test
    void closingLeavesAFileThatReplacedTheSocketAlone() throws Exception {
        Path victim = victim();
        String path = path("replaced.sock");
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        Files.delete(Path.of(path));
        Files.createSymbolicLink(Path.of(path), victim);
        stop(port);
        assertStillALinkTo(Path.of(path), victim);
        assertUntouched(victim);

        String dgram = path("replaced.dgram");
        IUNIXDatagramTransport d = reactor().listenUNIXDatagram(dgram, new DatagramProtocol(), 8192, 0666);
        Files.delete(Path.of(dgram));
        Files.writeString(Path.of(dgram), "someone else's");
        stop(d);
        assertThat(Files.readString(Path.of(dgram))).isEqualTo("someone else's");
    }

    @Test
    void closingLeavesAnotherListenersSocketAlone() throws Exception {
        String path = path("taken-over.sock");
        IListeningPort first = reactor().listenUNIX(path, sink());
        Files.delete(Path.of(path));
        IListeningPort second = reactor().listenUNIX(path, sink());
        stop(first);
        assertThat(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)).as("the second listener's socket").isTrue();
        Peer peer = new Peer();
        reactor().connectUNIX(path, new OneClient(peer));
        runUntil(() -> peer.made);
        stop(second);
        assertThat(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)).as("its own, removed with it").isFalse();
    }

    @Test
    void theModeAskedForIsSetOnTheSocketItself() throws Exception {
        String path = path("mode.sock");
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0640, false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path)))).isEqualTo("rw-r-----");
        stop(port);
    }

    private static String chain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
