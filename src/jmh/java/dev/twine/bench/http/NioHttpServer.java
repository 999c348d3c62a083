package dev.twine.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The wrk benchmark's plain-JDK peer: the "Hello, World!" HTTP/1.1 responder of Twine's demo, with the same
 * response bytes and parsing rules ({@link HelloParser}), on one thread running one {@link Selector} loop with
 * direct buffers: one shared read buffer, one shared write buffer written once per read (per connection, a heap
 * backlog only when the kernel buffer is full, and no reading while it is).
 *
 * <pre>java -cp target/twine-benchmarks.jar dev.twine.bench.http.NioHttpServer PORT</pre>
 */
public final class NioHttpServer {
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(256 * 1024);
    private static final boolean NO_DELAY = Boolean.getBoolean("tcp.nodelay");

    private NioHttpServer(Selector selector) {
        this.selector = selector;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress("127.0.0.1", port), 511);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("listening on " + ((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();
            new NioHttpServer(selector).loop(server);
        }
    }

    private void loop(ServerSocketChannel server) throws IOException {
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept(server);
                    continue;
                }
                Conn conn = (Conn) key.attachment();
                try {
                    if (key.isWritable()) {
                        conn.drain();
                    }
                    if (key.isValid() && key.isReadable()) {
                        conn.read();
                    }
                } catch (IOException e) {
                    conn.close();
                }
            }
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            if (NO_DELAY) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            Conn conn = new Conn(ch);
            conn.key = ch.register(selector, SelectionKey.OP_READ, conn);
        }
    }

    private final class Conn extends HelloParser {
        final SocketChannel ch;
        SelectionKey key;
        /** Bytes the kernel did not take yet (write mode: position = end of data); null while none. */
        ByteBuffer backlog;
        boolean closeWhenWritten;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }

        void read() throws IOException {
            in.clear();
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            if (n == 0) {
                return;
            }
            out.clear();
            feed(in, 0, n);
            flush();
        }

        @Override
        protected void respond(boolean close) {
            put(close ? OK_CLOSE : OK_KEEP_ALIVE);
            if (close) {
                closeWhenWritten = true;
            }
        }

        @Override
        protected void fail(byte[] response) {
            put(response);
            closeWhenWritten = true;
        }

        private void put(byte[] response) {
            if (out.remaining() < response.length) {
                try {
                    flush();
                } catch (IOException e) {
                    close();
                    return;
                }
                out.clear();
            }
            out.put(response);
        }

        /** Writes what {@link #out} holds, keeping what the kernel refuses in the backlog. */
        private void flush() throws IOException {
            out.flip();
            if (backlog == null && out.hasRemaining()) {
                ch.write(out);
            }
            if (out.hasRemaining()) {
                if (backlog == null) {
                    backlog = ByteBuffer.allocate(Math.max(4096, out.remaining() * 2));
                    key.interestOps(SelectionKey.OP_WRITE);
                } else if (backlog.remaining() < out.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate((backlog.position() + out.remaining()) * 2);
                    backlog.flip();
                    bigger.put(backlog);
                    backlog = bigger;
                }
                backlog.put(out);
            } else if (backlog == null && closeWhenWritten) {
                close();
            }
            out.clear();
        }

        void drain() throws IOException {
            backlog.flip();
            ch.write(backlog);
            if (backlog.hasRemaining()) {
                backlog.compact();
                return;
            }
            backlog = null;
            if (closeWhenWritten) {
                close();
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            closing = true;
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
