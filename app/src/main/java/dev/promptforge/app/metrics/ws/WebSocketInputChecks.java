package dev.promptforge.app.metrics.ws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

/**
 * The checks RFC 6455 asks of a WebSocket server that Micronaut's WebSocket layer leaves out, each failing the
 * connection with its close code before the frames reach Micronaut:
 * <ul>
 *   <li>1009 (message too big): a message sent in several frames over {@value MetricsSocket#HARD_FRAME_LIMIT}
 *       bytes, as the WebSocket layer already caps a single frame; Micronaut joins the fragments of a message without
 *       a cap of its own, so a client could otherwise make the server hold any amount of memory.</li>
 *   <li>1007 (invalid payload data): a text message that is not UTF-8 (Netty's {@link Utf8FrameValidator}, which
 *       Micronaut does not install); Micronaut would decode it with replacement characters, so the server would act
 *       on a message the client did not send, a subscription id changed for one.</li>
 *   <li>1003 (unsupported data): a binary message; the protocol is JSON text.</li>
 * </ul>
 *
 * <p>The handlers go right before Micronaut's inbound handler of each HTTP/1.1 connection, after flow control and
 * the compression extension; an upgrade puts Micronaut's WebSocket handler in that inbound handler's place, so the
 * handlers then see every decoded (and inflated) frame just before it, and before an upgrade they pass HTTP messages
 * through untouched.
 */
@Singleton
final class WebSocketInputChecks implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final String HANDLER = "promptforge-websocket-message-limit";
    static final String UTF8_HANDLER = "promptforge-websocket-utf8";

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the handlers to each connection's HTTP/1.1 pipeline. */
    private record Customizer(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) {
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
                    && pipeline.get(HANDLER) == null) {
                pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, HANDLER,
                        new Handler(MetricsSocket.HARD_FRAME_LIMIT));
                pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, UTF8_HANDLER, new Utf8Check());
            }
        }
    }

    /**
     * Counts the bytes of the message being received and refuses binary messages; one per connection (it holds that
     * count).
     */
    static final class Handler extends ChannelInboundHandlerAdapter {
        private final int limit;
        private long size;
        private boolean closing;

        Handler(int limit) {
            this.limit = limit;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (frame instanceof BinaryWebSocketFrame) {
                fail(ctx, msg, WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                        "binary messages are not accepted: send each message as JSON text");
                return;
            }
            if (frame instanceof ContinuationWebSocketFrame) {
                size += frame.content().readableBytes();
            } else if (frame instanceof TextWebSocketFrame) {
                size = frame.content().readableBytes();
            } else {
                // control frames (ping, pong, close) may come between fragments and are no part of the message
                ctx.fireChannelRead(msg);
                return;
            }
            if (size > limit) {
                fail(ctx, msg, WebSocketCloseStatus.MESSAGE_TOO_BIG,
                        "message too big: at most " + limit + " bytes, fragments included");
                return;
            }
            if (frame.isFinalFragment()) {
                size = 0;
            }
            ctx.fireChannelRead(msg);
        }

        /** Drops {@code msg} and every later frame, and closes the connection with {@code status}. */
        private void fail(ChannelHandlerContext ctx, Object msg, WebSocketCloseStatus status, String reason) {
            closing = true;
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Netty's check of text messages, fragments included: on bytes that are not UTF-8 it drops the frame, closes the
     * connection with 1007 and throws, and the throw ends here, as the close is already on its way (passed on, it
     * would reach Micronaut's handler as an error of the connection).
     */
    static final class Utf8Check extends Utf8FrameValidator {
        Utf8Check() {
            super(true);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof CorruptedWebSocketFrameException)) {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
