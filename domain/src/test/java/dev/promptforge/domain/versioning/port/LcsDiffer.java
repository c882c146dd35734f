package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.versioning.Edit;
import dev.promptforge.domain.versioning.EditScript;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Differ} by the textbook longest-common-subsequence table, O(n*m) time and memory after trimming the common
 * head and tail: a second real implementation, independent of the production one, for tests. Always minimal.
 * Stateless and thread-safe.
 */
public final class LcsDiffer implements Differ {
    @Override
    public EditScript diff(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        int n = a.size() - head - tail;
        int m = b.size() - head - tail;
        // lcs[i][j]: length of the LCS of a[head+i..] and b[head+j..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(head + i).equals(b.get(head + j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        int oldStart = -1;
        int newStart = -1;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(head + i).equals(b.get(head + j))) {
                if (oldStart >= 0) {
                    edits.add(new Edit(head + oldStart, head + i, head + newStart, head + j));
                    oldStart = -1;
                }
                i++;
                j++;
                continue;
            }
            if (oldStart < 0) {
                oldStart = i;
                newStart = j;
            }
            if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                i++;
            } else {
                j++;
            }
        }
        if (oldStart >= 0) {
            edits.add(new Edit(head + oldStart, head + i, head + newStart, head + j));
        }
        return new EditScript(edits, true);
    }
}
