package io.opsdeck.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.opsdeck.services.concurrent.Workers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(classes.stream().map(c -> c.getPackageName()))
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
        noClasses().that().doNotHaveFullyQualifiedName(Workers.class.getName())
                .should().callConstructorWhere(JavaConstructorCall.Predicates.target(HasOwner.Predicates.With
                        .owner(DescribedPredicate.describe("Thread", o -> o.isAssignableTo(Thread.class)))))
                .because("background work runs on named executors created in one place (STYLE.md)")
                .check(classes);
    }

    @Test
    void viewsSeeOnlyTheServicesReadModelAndPorts() {
        classes().that().resideInAPackage("io.opsdeck.views..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.opsdeck.services..")
                        .or(resideInAnyPackage("..services.model..", "..services.source..", "..services.action..")))
                .because("views read immutable records and call ports; the adapters (k8s, prom, cache, live), the "
                        + "threads (concurrent), the sandbox and the overview builder are wired in app (DESIGN.md)")
                .check(classes);
    }

    @Test
    void theReadModelAndThePortsKnowNoAdapter() {
        classes().that().resideInAPackage("io.opsdeck.services.model..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.opsdeck.services..")
                        .or(resideInAnyPackage("..services.model..")))
                .check(classes);
        noClasses().that().resideInAPackage("io.opsdeck.services.source..")
                .should().dependOnClassesThat().resideInAnyPackage("..services.k8s..", "..services.prom..",
                        "..services.cache..", "..services.live..", "..services.sandbox..", "..services.overview..",
                        "..services.concurrent..")
                .because("the ports are implemented by the adapters, never the other way round (DESIGN.md)")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.opsdeck.(*)..").should().beFreeOfCycles().check(classes);
        for (String module : new String[] {"services", "views", "app"}) {
            slices().matching("io.opsdeck." + module + ".(*)..").as(module + "'s packages")
                    .should().beFreeOfCycles().check(classes);
        }
    }

    @Test
    void theTopologyCanvasAndItsGesturesAreNoCycle() {
        // one slice per top-level class of the canvas and its input handler: the input knows only its target
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String name = c.getName();
                for (String top : new String[] {"TopologyView", "TopologyInput"}) {
                    String fq = "io.opsdeck.views.topology." + top;
                    if (name.equals(fq) || name.startsWith(fq + "$")) {
                        return SliceIdentifier.of(top);
                    }
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "TopologyView and TopologyInput";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void viewsAndServicesAreHandedTheirWorkers() {
        noClasses().that().resideInAnyPackage("io.opsdeck.views..", "io.opsdeck.services..")
                .and().doNotHaveFullyQualifiedName(Workers.class.getName())
                .should().callConstructor(Workers.class)
                .because("one Workers per window or headless command, made in app and handed down, so that "
                        + "closing it stops every thread")
                .check(classes);
    }
}
