package dev.promptforge.infra.versioning.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static final String PROMPT = "You are an expert assistant. Your task is to review the following text and "
            + "provide a concise summary.\n## Instructions\n- Use clear and concise language.\n- Ask clarifying "
            + "questions if the request is ambiguous.\n## Output Format\nRespond only in the requested format.\n";

    private static byte[] deflate(byte[] raw, byte[] dictionary) {
        Deflater d = new Deflater(9);
        if (dictionary != null) {
            d.setDictionary(dictionary);
        }
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    @Test
    void roundTripsSmallAndLargePayloadsAndTheDictionaryShrinksPrompts() throws Exception {
        byte[] small = PROMPT.getBytes(StandardCharsets.UTF_8);
        Compression.Packed packed = Compression.pack(small);
        assertThat(packed.method()).isEqualTo(Compression.DEFLATE);
        assertThat(Compression.unpack(packed.method(), packed.bytes())).isEqualTo(small);
        assertThat(packed.bytes().length).isLessThan(deflate(small, null).length);

        byte[] large = PROMPT.repeat(2000).getBytes(StandardCharsets.UTF_8);
        assertThat(large.length).isGreaterThan(Compression.DICTIONARY_MAX);
        Compression.Packed big = Compression.pack(large);
        assertThat(Compression.unpack(big.method(), big.bytes())).isEqualTo(large);
    }

    @Test
    void readsStreamsWrittenWithoutTheDictionaryAndRefusesUnknownDictionaries() throws Exception {
        byte[] raw = PROMPT.getBytes(StandardCharsets.UTF_8);
        assertThat(Compression.unpack(Compression.DEFLATE, deflate(raw, null))).isEqualTo(raw);
        byte[] foreign = deflate(raw, "some other dictionary".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Compression.unpack(Compression.DEFLATE, foreign))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("unknown preset dictionary");
        byte[] tiny = {1, 2, 3};
        assertThat(Compression.pack(tiny).method()).isEqualTo(Compression.NONE);
    }
}
