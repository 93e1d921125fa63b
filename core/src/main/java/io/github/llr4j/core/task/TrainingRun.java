package io.github.llr4j.core.task;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.function.Function;

/**
 * The skeleton of one training run, the same for every task. Order: lock the run folder and check
 * it is usable; let the task prepare its data and model (once); build the optimizer now that the
 * batches per epoch are known; build the trainer (which validates a resume against the
 * checkpoint); only then check the card of a resumed run and write the task's files and {@code
 * model.json}, so a refused resume changes nothing; fit.
 */
public final class TrainingRun {

  private TrainingRun() {}

  /**
   * Trains one run: {@code prepare} loads the task's data into a {@link PreparedRun}, given the
   * locked folder (a resumed text run reads its own vocabulary back from it).
   */
  public static Trainer.Result run(RunPlan plan, Function<RunFolder, PreparedRun> prepare) {
    try (RunFolder folder = RunFolder.open(plan.out())) {
      folder.checkUsable(plan.resume());
      PreparedRun run = prepare.apply(folder);
      TrainerConfig.Builder builder = TrainerConfig.builder(run.model(), plan.optimizer().create(run.train().batchesPerEpoch()))
          .objective(plan.objective()).epochs(plan.epochs()).seed(run.seed()).outputDir(plan.out())
          .resume(plan.resume()).maxSteps(plan.maxSteps()).logInterval(plan.logEvery());
      run.configure(builder);
      plan.trainerOptions().accept(builder);
      TrainerConfig config = builder.build();
      try (Trainer t = new Trainer(config, run.train(), run.evaluation())) {
        run.started(t);
        RunCard card = run.card();
        if (plan.resume()) card.requireSameAs(folder);
        run.writeFiles(folder);
        card.write(folder);
        run.beforeFit(t);
        Trainer.Result r = t.fit();
        run.afterFit(t, r, folder);
        return r;
      }
    }
  }
}
