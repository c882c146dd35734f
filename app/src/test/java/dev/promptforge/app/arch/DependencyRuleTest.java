package dev.promptforge.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rule of HOUSE_STYLE.md, enforced: a wrong import fails the build. */
class DependencyRuleTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.promptforge");

    @Test
    void domainImportsOnlyTheJdkAndItself() {
        classes().that().resideInAPackage("dev.promptforge.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                        "java.io..", "java.nio..", "java.security..", "java.math..", "java.text..",
                        "dev.promptforge.domain..")
                .check(CLASSES);
    }

    @Test
    void infraNeverDependsOnApp() {
        noClasses().that().resideInAPackage("dev.promptforge.infra..")
                .should().dependOnClassesThat().resideInAPackage("dev.promptforge.app..")
                .check(CLASSES);
    }

    @Test
    void controllersReachStorageOnlyThroughUseCases() {
        noClasses().that().resideInAPackage("dev.promptforge.app..http..")
                .should().dependOnClassesThat().resideInAPackage("dev.promptforge.infra..")
                .check(CLASSES);
    }
}
