package dev.promptforge.app.metrics.ws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
 * And the opening handshake (RFC 6455 4.2.1), answered with problem+json instead of what Micronaut does: a
 * request to {@code /ws/v1/metrics} without {@code Upgrade: websocket} gets 426 (Micronaut: a 400 about a
 * missing {@code WebSocketSession} argument), another {@code Sec-WebSocket-Version} than 13 gets 426 with the
 * version supported, and a missing or malformed {@code Sec-WebSocket-Key}, or a query string that is not valid
 * percent-encoding, gets 400 (Micronaut: no answer at all, the connection left hanging).
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
    static final class Handler extends io.netty.channel.ChannelDuplexHandler {
        private final int limit;
        private long size;
        private boolean closing;
        /** Whether a close frame has gone out on this connection (the server's own, or the answer to the client's). */
        private boolean closeSent;

        Handler(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
            if (msg instanceof CloseWebSocketFrame) {
                closeSent = true;
            }
            ctx.write(msg, promise);
        }

        /**
         * Answers a client's close frame with one of ours, echoing its code (RFC 6455 5.5.1), before Micronaut closes
         * the socket: it closed it without answering, so the client saw the connection drop instead of a clean close.
         */
        private void answerClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
            closeSent = true;
            int code = close.statusCode();
            ctx.writeAndFlush(code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, ""));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && !closing) {
                Refusal refusal = handshakeProblem(request);
                if (refusal != null) {
                    closing = true;
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(refusal.response()).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            if (!(msg instanceof WebSocketFrame frame)) {
                if (closing) {
                    ReferenceCountUtil.release(msg); // the rest of a refused request's body
                    return;
                }
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
                if (frame instanceof CloseWebSocketFrame close && !closeSent) {
                    answerClose(ctx, close);
                }
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

        /** Why an opening handshake of the live metrics socket is refused, or null (also for other paths). */
        static Refusal handshakeProblem(HttpRequest request) {
            String uri = request.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            if (!path.equals(MetricsSocket.PATH) && !path.equals(MetricsSocket.PATH + "/")) {
                return null;
            }
            if (q >= 0) {
                try {
                    new QueryStringDecoder(uri).parameters();
                } catch (IllegalArgumentException e) {
                    return new Refusal(HttpResponseStatus.BAD_REQUEST, "request.invalid",
                            "the query string is not valid percent-encoding; the live metrics socket takes no query "
                                    + "parameters", null, null);
                }
            }
            if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "live.upgrade-required", MetricsSocket.PATH
                        + " is the live metrics WebSocket: connect with a WebSocket client (GET with Upgrade: "
                        + "websocket); for one-off reads use GET /api/v1/metrics", "Upgrade", "websocket");
            }
            if (!HttpMethod.GET.equals(request.method())) {
                return null; // Micronaut answers 405
            }
            String version = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
            if (!"13".equals(version)) {
                return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "live.unsupported-version",
                        "Sec-WebSocket-Version must be 13 (RFC 6455), not " + (version == null ? "missing"
                                : "'" + printable(version) + "'"), "Sec-WebSocket-Version", "13");
            }
            String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
            if (!validKey(key)) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, "live.invalid-handshake", key == null
                        ? "Sec-WebSocket-Key is missing: a WebSocket client sends a random base64 nonce of 16 bytes"
                        : "Sec-WebSocket-Key must be a base64 nonce of 16 bytes", null, null);
            }
            return null;
        }

        private static boolean validKey(String key) {
            if (key == null) {
                return false;
            }
            try {
                return Base64.getDecoder().decode(key.strip()).length == 16;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static String printable(String s) {
            String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            return cut.replaceAll("[^\\x20-\\x7e]", "?").replace("'", "?").replace("\\", "?").replace("\"", "?");
        }

        /** Drops {@code msg} and every later frame, and closes the connection with {@code status}. */
        private void fail(ChannelHandlerContext ctx, Object msg, WebSocketCloseStatus status, String reason) {
            closing = true;
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A refused handshake: the status, a problem+json body and, when the status asks for one, a header. */
    record Refusal(HttpResponseStatus status, String code, String detail, String header, String value) {
        FullHttpResponse response() {
            String body = "{\"type\":\"https://promptforge.dev/problems/" + code + "\",\"title\":\""
                    + status.reasonPhrase() + "\",\"status\":" + status.code() + ",\"detail\":\""
                    + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"code\":\"" + code + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (header != null) {
                r.headers().set(header, value);
            }
            return r;
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
