package dev.promptforge.domain.shared;

/**
 * The tenant every stored row belongs to. Until users and workspaces exist there is one, {@link #DEFAULT}; every
 * query is already filtered by it so isolation needs no schema change later.
 */
public record WorkspaceId(String value) {
    public static final WorkspaceId DEFAULT = new WorkspaceId("default");

    public WorkspaceId {
        if (value == null || !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new InvalidInput("workspace.invalid-id", "workspace id must be 1-63 lowercase letters, digits or '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
