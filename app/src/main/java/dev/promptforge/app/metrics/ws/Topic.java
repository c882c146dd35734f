package dev.promptforge.app.metrics.ws;

import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.WorkspaceId;

/** The buckets one subscription draws from: a scope at one bucket size in one workspace. */
record Topic(WorkspaceId workspace, Scope scope, BucketSize size) {
}
