package dev.promptforge.domain.versioning;

/** Renders a prompt's {@code {{variables}}} at a ref. */
public final class RenderPrompt {
    private final ReadPromptVersion read;

    public RenderPrompt(ReadPromptVersion read) {
        this.read = read;
    }

    /** The commit rendered and the text. */
    public record Rendered(Commit commit, String text) {
    }

    public Rendered render(RenderQuery q) {
        Version v = read.read(new ReadPromptQuery(q.workspace(), q.name(), q.ref(), false));
        return new Rendered(v.commit(), Template.render(v.content(), q.variables()));
    }
}
