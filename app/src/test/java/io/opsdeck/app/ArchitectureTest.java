package io.opsdeck.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The layering that DESIGN.md agreed on, held as tests so that it cannot rot. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.opsdeck");
    }

    @Test
    void allThreeModulesAreImported() {
        // a rule over no classes passes vacuously: make sure each layer is really there
        org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.opsdeck.services"))
                .anyMatch(p -> p.startsWith("io.opsdeck.views"))
                .anyMatch(p -> p.startsWith("io.opsdeck.app"));
    }

    @Test
    void importsRunAppToViewsToServices() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("io.opsdeck.app..")
                .layer("views").definedBy("io.opsdeck.views..")
                .layer("services").definedBy("io.opsdeck.services..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("views").mayOnlyBeAccessedByLayers("app")
                .whereLayer("services").mayOnlyBeAccessedByLayers("views", "app")
                .check(classes);
    }

    @Test
    void servicesNeverTouchJavaFx() {
        noClasses().that().resideInAPackage("io.opsdeck.services..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "atlantafx..",
                        "org.controlsfx..", "eu.hansolo..", "org.kordamp.ikonli..")
                .check(classes);
    }

    @Test
    void viewsSeeNeitherFabric8NorOkHttp() {
        noClasses().that().resideInAPackage("io.opsdeck.views..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "okhttp3..", "redis.clients..")
                .check(classes);
    }

    @Test
    void loggingGoesThroughSlf4jOnly() {
        noClasses().that().resideInAPackage("io.opsdeck..")
                .and().doNotHaveFullyQualifiedName("io.opsdeck.app.settings.LogSetup")
                .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.apache.log4j..",
                        "org.apache.logging.log4j..", "org.apache.commons.logging..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.opsdeck.services..", "io.opsdeck.views..")
                .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineWritesToStandardOutput() {
        noClasses().that().resideOutsideOfPackage("io.opsdeck.app.cli..")
                .should().accessField(System.class, "out")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.opsdeck.services..", "io.opsdeck.views..")
                .should().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(classes);
    }

    @Test
    void threadsAreMadeInOnePlace() {
        noClasses().that().doNotHaveFullyQualifiedName("io.opsdeck.services.concurrent.Workers")
                .should().callConstructorWhere(com.tngtech.archunit.core.domain.JavaConstructorCall.Predicates
                        .target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
                                .owner(com.tngtech.archunit.base.DescribedPredicate.describe("Thread",
                                        o -> o.isAssignableTo(Thread.class)))))
                .because("background work runs on named executors created in one place (STYLE.md)")
                .check(classes);
    }
}
