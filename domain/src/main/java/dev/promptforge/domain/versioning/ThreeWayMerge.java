package dev.promptforge.domain.versioning;

import java.util.ArrayList;
import java.util.List;

/**
 * Line-based 3-way merge (diff3): the changes from base to ours and from base to theirs are combined where they
 * touch different regions; regions both sides changed are taken once when the results agree and reported as
 * {@link ConflictHunk conflicts} otherwise. Changes that touch or are adjacent count as overlapping, as in git.
 */
public final class ThreeWayMerge {
    private ThreeWayMerge() {
    }

    /** The merged lines, or the conflicts (then {@code lines} is {@code null}). */
    public record Result(List<String> lines, List<ConflictHunk> conflicts) {
        public boolean clean() {
            return conflicts.isEmpty();
        }
    }

    public static Result merge(List<String> base, List<String> ours, List<String> theirs,
            List<Edit> baseToOurs, List<Edit> baseToTheirs) {
        List<String> out = new ArrayList<>();
        List<ConflictHunk> conflicts = new ArrayList<>();
        int i = 0;
        int j = 0;
        int copied = 0;
        while (i < baseToOurs.size() || j < baseToTheirs.size()) {
            // start a region with the edit that comes first, then absorb every edit of either side touching it
            int lo;
            int hi;
            int oi = i;
            int tj = j;
            if (j >= baseToTheirs.size()
                    || (i < baseToOurs.size() && baseToOurs.get(i).oldStart() <= baseToTheirs.get(j).oldStart())) {
                lo = baseToOurs.get(i).oldStart();
                hi = baseToOurs.get(i).oldEnd();
                i++;
            } else {
                lo = baseToTheirs.get(j).oldStart();
                hi = baseToTheirs.get(j).oldEnd();
                j++;
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                while (i < baseToOurs.size() && baseToOurs.get(i).oldStart() <= hi) {
                    hi = Math.max(hi, baseToOurs.get(i).oldEnd());
                    i++;
                    grew = true;
                }
                while (j < baseToTheirs.size() && baseToTheirs.get(j).oldStart() <= hi) {
                    hi = Math.max(hi, baseToTheirs.get(j).oldEnd());
                    j++;
                    grew = true;
                }
            }
            out.addAll(base.subList(copied, lo));
            List<Edit> oursHere = baseToOurs.subList(oi, i);
            List<Edit> theirsHere = baseToTheirs.subList(tj, j);
            List<String> oursText = side(base, ours, oursHere, lo, hi);
            List<String> theirsText = side(base, theirs, theirsHere, lo, hi);
            if (theirsHere.isEmpty()) {
                out.addAll(oursText);
            } else if (oursHere.isEmpty() || oursText.equals(theirsText)) {
                out.addAll(theirsText);
            } else {
                conflicts.add(new ConflictHunk(lo + 1, base.subList(lo, hi), oursText, theirsText));
            }
            copied = hi;
        }
        out.addAll(base.subList(copied, base.size()));
        return conflicts.isEmpty() ? new Result(out, List.of()) : new Result(null, conflicts);
    }

    /** What one side made of base lines {@code [lo, hi)}, given that side's edits inside that range. */
    private static List<String> side(List<String> base, List<String> sideLines, List<Edit> edits, int lo, int hi) {
        List<String> result = new ArrayList<>();
        int pos = lo;
        for (Edit e : edits) {
            result.addAll(base.subList(pos, e.oldStart()));
            result.addAll(sideLines.subList(e.newStart(), e.newEnd()));
            pos = e.oldEnd();
        }
        result.addAll(base.subList(pos, hi));
        return result;
    }
}
