package dev.twine.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The wrk benchmark's Netty peer: the "Hello, World!" HTTP/1.1 responder of Twine's demo, with the same response
 * bytes and parsing rules ({@link HelloParser}, not Netty's HttpServerCodec, so every peer parses alike), on
 * Netty's native epoll transport with one event loop thread for both accepting and serving (Netty 4.2's
 * {@code MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())}, what the deprecated
 * {@code EpollEventLoopGroup(1)} now is). Responses are duplicates of shared unreleasable direct buffers (the
 * TechEmpower idiom), flushed once per read batch in {@code channelReadComplete}. TCP_NODELAY stays at Netty's
 * default (on) unless {@code -Dtcp.nodelay=false}.
 *
 * <pre>java -cp target/twine-benchmarks.jar dev.twine.bench.http.NettyHttpServer PORT</pre>
 */
public final class NettyHttpServer {
    private static final ByteBuf KEEP_ALIVE_BUF = shared(HelloParser.OK_KEEP_ALIVE);
    private static final ByteBuf CLOSE_BUF = shared(HelloParser.OK_CLOSE);

    private static ByteBuf shared(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Epoll.ensureAvailability();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 511)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                        @Override
                        protected void initChannel(EpollSocketChannel ch) {
                            ch.pipeline().addLast(new Handler());
                        }
                    });
            String noDelay = System.getProperty("tcp.nodelay");
            if (noDelay != null) {
                bootstrap.childOption(ChannelOption.TCP_NODELAY, Boolean.parseBoolean(noDelay));
            }
            Channel server = bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("listening on " + ((InetSocketAddress) server.localAddress()).getPort());
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final Parser parser = new Parser();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (!parser.isClosing()) {
                    parser.ctx = ctx;
                    int length = buf.readableBytes();
                    if (buf.nioBufferCount() == 1) {
                        // The pooled buffer's own NIO view: no copy, no allocation.
                        ByteBuffer view = buf.internalNioBuffer(buf.readerIndex(), length);
                        parser.feed(view, view.position(), view.position() + length);
                    } else {
                        ByteBuffer view = buf.nioBuffer();
                        parser.feed(view, view.position(), view.limit());
                    }
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (parser.unflushed) {
                parser.unflushed = false;
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final class Parser extends HelloParser {
        ChannelHandlerContext ctx;
        boolean unflushed;

        boolean isClosing() {
            return closing;
        }

        @Override
        protected void respond(boolean close) {
            if (close) {
                unflushed = false;
                ctx.writeAndFlush(CLOSE_BUF.duplicate()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.write(KEEP_ALIVE_BUF.duplicate(), ctx.voidPromise());
                unflushed = true;
            }
        }

        @Override
        protected void fail(byte[] response) {
            unflushed = false;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
