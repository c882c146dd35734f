package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a prompt version and its exact UTF-8 bytes. Only well-formed text is accepted (no unpaired
 * surrogates), so the bytes are a faithful encoding and their SHA-256, {@link #hash()}, identifies the text.
 */
public final class Content {
    private final String text;
    private final byte[] utf8;
    private String hash;

    private Content(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = utf8;
    }

    /** Text from a caller; rejected when it cannot be encoded as UTF-8 exactly. */
    public static Content of(String text) {
        if (text == null) {
            throw InvalidInput.field("versioning.invalid-content", "content", "content is required");
        }
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return new Content(text, bytes);
        } catch (CharacterCodingException e) {
            throw InvalidInput.field("versioning.invalid-content", "content",
                    "content is not valid Unicode text (it contains an unpaired surrogate)");
        }
    }

    /** Stored bytes; throws {@link CharacterCodingException} when they are not valid UTF-8. */
    public static Content decode(byte[] utf8) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8)).toString();
        return new Content(text, utf8.clone());
    }

    public String text() {
        return text;
    }

    /** A copy of the UTF-8 bytes. */
    public byte[] utf8() {
        return utf8.clone();
    }

    public int byteLength() {
        return utf8.length;
    }

    /** SHA-256 (hex) of the UTF-8 bytes. */
    public String hash() {
        String h = hash;
        if (h == null) {
            h = Sha256.hex(utf8);
            hash = h;
        }
        return h;
    }
}
