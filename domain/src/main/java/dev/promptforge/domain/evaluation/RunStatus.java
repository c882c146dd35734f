package dev.promptforge.domain.evaluation;

/** A run accepts events while open; completing it freezes it and fixes its verdict. */
public enum RunStatus {
    OPEN, COMPLETED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
