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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

/**
 * Caps a WebSocket message sent in several frames at {@value MetricsSocket#HARD_FRAME_LIMIT} bytes, as the WebSocket
 * layer already caps a single frame: Micronaut joins the fragments of a message without a cap of its own, so a client
 * could otherwise make the server hold any amount of memory. Over the cap the connection is closed with 1009 (message
 * too big) before the fragments reach Micronaut.
 *
 * <p>The handler goes right before Micronaut's inbound handler of each HTTP/1.1 connection, after flow control and
 * the compression extension; an upgrade puts Micronaut's WebSocket handler in that inbound handler's place, so the
 * handler then sees every decoded (and inflated) frame just before it, and before an upgrade it passes HTTP messages
 * through untouched.
 */
@Singleton
final class MessageSizeLimit implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final String HANDLER = "promptforge-websocket-message-limit";

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the handler to each connection's HTTP/1.1 pipeline. */
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
            }
        }
    }

    /** Counts the bytes of the message being received; one per connection (it holds that count). */
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
            if (frame instanceof ContinuationWebSocketFrame) {
                size += frame.content().readableBytes();
            } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                size = frame.content().readableBytes();
            } else {
                // control frames (ping, pong, close) may come between fragments and are no part of the message
                ctx.fireChannelRead(msg);
                return;
            }
            if (size > limit) {
                closing = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                        "message too big: at most " + limit + " bytes, fragments included"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (frame.isFinalFragment()) {
                size = 0;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
