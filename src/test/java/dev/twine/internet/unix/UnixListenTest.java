package dev.twine.internet.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internal.sys.Errno;
import dev.twine.internal.sys.UnixSockets;
import dev.twine.internet.error.BadFileError;
import dev.twine.internet.error.CannotListenError;
import dev.twine.internet.error.ConnectError;
import dev.twine.internet.error.ConnectionRefusedError;
import dev.twine.internet.error.ErrnoException;
import dev.twine.internet.interfaces.IListeningPort;
import dev.twine.internet.protocol.Factory;
import dev.twine.internet.protocol.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lock files ({@code wantPID}, {@code checkPID}) with live and dead owners (real child processes), and every bad
 * input of listenUNIX and connectUNIX.
 */
@Timeout(60)
class UnixListenTest extends UnixTestBase {

    private static Factory sink() {
        return Factory.forProtocol(Protocol::new);
    }

    @Test
    void wantPIDWritesOurPidAndRemovesLockAndSocketOnStop() throws Exception {
        String path = path("pid.sock");
        Path lock = Path.of(path + ".lock");
        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                .as("a live owner: this process")
                .isInstanceOf(CannotListenError.class).hasMessageContaining("lock");
        stop(port);
        assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(Path.of(path))).isFalse();
    }

    @Test
    void aLiveOwnersLockMakesListeningFail() throws Exception {
        String path = path("live.sock");
        Path lock = Path.of(path + ".lock");
        Process child = liveChild();
        try {
            int pid = pidOf(child);
            Files.writeString(lock, Integer.toString(pid));
            staleSocketFile(path);
            assertThatThrownBy(() -> reactor().listenUNIX(path, sink(), 50, 0666, true))
                    .isInstanceOf(CannotListenError.class).hasMessageContaining(path);
            assertThat(Files.readString(lock)).as("the owner's lock is left alone").isEqualTo(Integer.toString(pid));
            assertThat(Files.exists(Path.of(path))).as("and so is its socket").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            child.getInputStream().close();
            child.getOutputStream().close();
        }
    }

    @Test
    void aDeadOwnersSocketIsRemovedAndReused() throws Exception {
        String path = path("dead.sock");
        Path lock = Path.of(path + ".lock");
        Files.writeString(lock, Integer.toString(deadPid()));
        staleSocketFile(path);
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink()))
                .as("without wantPID the stale file is in the way")
                .isInstanceOf(CannotListenError.class)
                .hasCauseInstanceOf(ErrnoException.class);

        IListeningPort port = reactor().listenUNIX(path, sink(), 50, 0666, true);
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        Peer client = new Peer();
        reactor().connectUNIX(path, new OneClient(client), 30, true);
        runUntil(() -> client.made);
        stop(port);
        assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void checkPIDFailsFastOnAMissingOrStaleLockAndConnectsToALiveOne() throws Exception {
        String path = path("check.sock");
        IListeningPort port = reactor().listenUNIX(path, sink());

        OneClient missing = new OneClient(new Peer());
        reactor().connectUNIX(path, missing, 30, true);
        runUntil(() -> !missing.failed.isEmpty());
        assertThat(missing.failed.get(0).value()).isInstanceOf(BadFileError.class)
                .hasMessageContaining(path + ".lock");

        OneClient abstractName = new OneClient(new Peer());
        reactor().connectUNIX(abstractName("no-lock"), abstractName, 30, true);
        runUntil(() -> !abstractName.failed.isEmpty());
        assertThat(abstractName.failed.get(0).value()).as("an abstract name has no lock file")
                .isInstanceOf(BadFileError.class);

        Path lock = Path.of(path + ".lock");
        Files.writeString(lock, Integer.toString(deadPid()));
        OneClient stale = new OneClient(new Peer());
        reactor().connectUNIX(path, stale, 30, true);
        runUntil(() -> !stale.failed.isEmpty());
        assertThat(stale.failed.get(0).value()).isInstanceOf(BadFileError.class);
        assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("the stale lock was cleaned up, as Twisted's isLocked does").isFalse();

        Process child = liveChild();
        try {
            Files.writeString(lock, Integer.toString(pidOf(child)));
            Peer peer = new Peer();
            OneClient live = new OneClient(peer);
            reactor().connectUNIX(path, live, 30, true);
            runUntil(() -> peer.made);
            assertThat(live.failed).isEmpty();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            child.getInputStream().close();
            child.getOutputStream().close();
            Files.delete(lock);
        }
        stop(port);
    }

    @Test
    void aPathTooLongForSockaddrUnIsRefusedByName() {
        String longPath = path("x".repeat(120));
        assertThatThrownBy(() -> reactor().listenUNIX(longPath, sink()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(longPath);
        assertThatThrownBy(() -> reactor().connectUNIX(longPath, new OneClient(new Peer())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(longPath);
        String exactlyFits = "/" + "y".repeat(UnixSockets.PATH_MAX - 2);
        assertThat(UnixSockets.bytes(exactlyFits)).hasSize(107);
        assertThatThrownBy(() -> UnixSockets.bytes(exactlyFits + "z")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor().listenUNIX("", sink())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingDirectoryOrANameInUseCannotListen() {
        String nowhere = path("no-such-dir/s.sock");
        assertThatThrownBy(() -> reactor().listenUNIX(nowhere, sink()))
                .isInstanceOf(CannotListenError.class).hasMessageContaining(nowhere)
                .cause().isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOENT));

        assertThatThrownBy(() -> reactor().listenUNIX(nowhere, sink(), 50, 0666, true))
                .as("with a lock file too").isInstanceOf(CannotListenError.class).hasMessageContaining(nowhere);

        String path = path("busy.sock");
        reactor().listenUNIX(path, sink());
        assertThatThrownBy(() -> reactor().listenUNIX(path, sink()))
                .isInstanceOf(CannotListenError.class)
                .cause().satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EADDRINUSE));

        String name = abstractName("busy");
        reactor().listenUNIX(name, sink());
        assertThatThrownBy(() -> reactor().listenUNIX(name, sink())).isInstanceOf(CannotListenError.class);
    }

    @Test
    void connectingToAMissingOrDeadSocketFailsWithItsErrno() {
        OneClient missing = new OneClient(new Peer());
        reactor().connectUNIX(path("missing.sock"), missing);
        runUntil(() -> !missing.failed.isEmpty());
        Throwable e = missing.failed.get(0).value();
        assertThat(e).isInstanceOf(ConnectError.class).hasCauseInstanceOf(ErrnoException.class);
        assertThat(((ErrnoException) e.getCause()).errno()).isEqualTo(Errno.ENOENT);
        assertThat(missing.stops).as("factory stopped after the failed attempt").isEqualTo(1);

        String dead = path("dead.sock");
        staleSocketFile(dead);
        OneClient refused = new OneClient(new Peer());
        reactor().connectUNIX(dead, refused);
        runUntil(() -> !refused.failed.isEmpty());
        assertThat(refused.failed.get(0).value()).isInstanceOf(ConnectionRefusedError.class);
        assertThat(((ErrnoException) refused.failed.get(0).value().getCause()).errno())
                .isEqualTo(Errno.ECONNREFUSED);

        OneClient abstractMissing = new OneClient(new Peer());
        reactor().connectUNIX(abstractName("nobody"), abstractMissing);
        runUntil(() -> !abstractMissing.failed.isEmpty());
        assertThat(abstractMissing.failed.get(0).value()).isInstanceOf(ConnectionRefusedError.class);
    }
}
