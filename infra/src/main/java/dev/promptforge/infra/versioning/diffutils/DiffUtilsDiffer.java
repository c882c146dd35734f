package dev.promptforge.infra.versioning.diffutils;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import dev.promptforge.domain.versioning.Edit;
import dev.promptforge.domain.versioning.port.Differ;
import java.util.ArrayList;
import java.util.List;

/** {@link Differ} by java-diff-utils' Myers diff. */
public final class DiffUtilsDiffer implements Differ {
    @Override
    public List<Edit> diff(List<String> a, List<String> b) {
        List<Edit> edits = new ArrayList<>();
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            if (d.getType() == DeltaType.EQUAL) {
                continue;
            }
            int os = d.getSource().getPosition();
            int ns = d.getTarget().getPosition();
            edits.add(new Edit(os, os + d.getSource().size(), ns, ns + d.getTarget().size()));
        }
        edits.sort(java.util.Comparator.comparingInt(Edit::oldStart));
        return edits;
    }
}
