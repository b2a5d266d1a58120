using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Training;

/// <summary>
/// THE training loop: one plain loop in the style of nanoGPT with the semantics of the Hugging Face Trainer
/// (which SimCSE uses): AdamW with linear warm-up/decay, gradient clipping, evaluation every
/// <see cref="TrainingOptions.EvalSteps"/> with best-model selection, checkpoints every
/// <see cref="TrainingOptions.SaveInterval"/> steps, and exact resume.
/// <para>Order: <c>torch.manual_seed(Seed)</c> at the start; epoch <c>e</c> visits the examples in
/// <c>torch.randperm(Count)</c> drawn from a generator seeded with <c>Seed + e</c> (as Accelerate's seedable sampler),
/// cut into batches of <see cref="TrainingOptions.BatchSize"/>. The position is therefore just the step count:
/// step <c>s</c> (0-based) is batch <c>s % stepsPerEpoch</c> of epoch <c>s / stepsPerEpoch</c>.</para>
/// <para>Exact resume: a checkpoint holds the weights, the AdamW moments, the step and the global RNG state, so a
/// run killed at any point and resumed from its last checkpoint ends with bitwise the same weights as an
/// uninterrupted run (same seed and thread count).</para>
/// <para>Output folder: <c>checkpoint/</c> (resumable), <c>best/</c> (<see cref="ITrainingMethod{TBatch}.SaveModel"/>
/// at the best <see cref="TrainingOptions.MetricForBestModel"/>; the final model when nothing selected one),
/// <c>final/</c>, and <c>trainer_log.jsonl</c>.</para>
/// </summary>
public sealed class Trainer<TBatch>
{
    readonly ITrainingMethod<TBatch> _method;
    readonly IBatchSource<TBatch> _source;
    readonly TrainingOptions _options;
    readonly Func<IReadOnlyDictionary<string, double>>? _evaluate;
    readonly ITrainingObserver _observer;

    /// <summary>Batches per epoch: <c>Count / BatchSize</c>, rounded up unless <see cref="TrainingOptions.DropLast"/>.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Planned steps: <see cref="TrainingOptions.MaxSteps"/>, else epochs times <see cref="StepsPerEpoch"/>.</summary>
    public int TotalSteps { get; }

    /// <summary>The learning-rate multiplier per step (<see cref="TrainingOptions.LrSchedule"/>).</summary>
    public ILearningRateSchedule Schedule { get; }

    public string CheckpointDir => Path.Combine(_options.OutputDir, "checkpoint");
    public string BestDir => Path.Combine(_options.OutputDir, "best");
    public string FinalDir => Path.Combine(_options.OutputDir, "final");
    public string LogPath => Path.Combine(_options.OutputDir, TrainingLog.FileName);

    /// <param name="method">The model and its loss.</param>
    /// <param name="source">The training examples.</param>
    /// <param name="options">Validated here.</param>
    /// <param name="evaluate">Returns metrics (higher is better for the best-model metric); called with the model in
    /// eval mode under no_grad inside a dispose scope, the global RNG state restored afterwards. Null: no evaluation.</param>
    /// <param name="observer">Progress callbacks, or null.</param>
    public Trainer(ITrainingMethod<TBatch> method, IBatchSource<TBatch> source, TrainingOptions options,
                   Func<IReadOnlyDictionary<string, double>>? evaluate = null, ITrainingObserver? observer = null)
    {
        _method = method ?? throw new ArgumentNullException(nameof(method));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _evaluate = evaluate;
        _observer = observer ?? new NullObserver();

        int count = source.Count;
        if (count < 1) throw new ContrastiveException("The training data set is empty.");
        StepsPerEpoch = options.StepsPerEpoch(count);
        if (StepsPerEpoch < 1)
            throw new ContrastiveException($"The training data set has {count} examples, fewer than one batch of {options.BatchSize} with DropLast.");
        long total = options.MaxSteps ?? (long)options.Epochs * StepsPerEpoch;
        if (total > int.MaxValue) throw new ContrastiveException($"{options.Epochs} epochs of {StepsPerEpoch} steps are more than {int.MaxValue} steps.");
        TotalSteps = (int)total;
        Schedule = ILearningRateSchedule.Create(options.LrSchedule, options.WarmupSteps, TotalSteps);
    }

    /// <summary>
    /// Trains to the planned end (or the time budget), then writes the final checkpoint, <c>final/</c> and, when no
    /// evaluation selected a best model, <c>best/</c> = final.
    /// </summary>
    /// <param name="resume">Continue from <c>OutputDir/checkpoint</c> (which must exist and be valid); otherwise start
    /// fresh, which is refused when the output folder already holds a checkpoint.</param>
    /// <param name="ct">Checked before each step; on cancellation the current state is checkpointed (so it can be
    /// resumed) and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="TrainingDivergedException">A step's loss or gradient norm was not finite.</exception>
    public TrainingResult Run(bool resume = false, CancellationToken ct = default)
    {
        var model = _method.Model;
        Directory.CreateDirectory(_options.OutputDir);
        using var optimizer = AdamWFactory.Create(model, _options);
        var parameters = AdamWFactory.TrainableParameters(model).Select(p => p.Parameter).ToArray();
        var log = new TrainingLog(LogPath, StepsPerEpoch);
        var state = resume ? Resume(model, optimizer) : Start();
        log.Rewrite(state);
        int lastCheckpointStep = resume ? state.GlobalStep : -1;
        double elapsedBefore = state.ElapsedSeconds;

        model.train();
        var clock = Stopwatch.StartNew();
        int stepsThisRun = 0;
        bool stoppedByBudget = false, stoppedEarly = false;
        int[] order = [];
        int orderEpoch = -1;

        while (state.GlobalStep < TotalSteps && !stoppedByBudget && !stoppedEarly)
        {
            if (ct.IsCancellationRequested)
            {
                if (state.GlobalStep != lastCheckpointStep) Checkpoint(state, optimizer, Elapsed());
                _observer.OnMessage($"Cancelled after step {state.GlobalStep}; resume from {CheckpointDir}.");
                ct.ThrowIfCancellationRequested();
            }

            // Position: the next batch is batch b of epoch e's permutation.
            int epoch = state.GlobalStep / StepsPerEpoch, b = state.GlobalStep % StepsPerEpoch;
            if (epoch != orderEpoch) (order, orderEpoch) = (EpochOrder(epoch), epoch);
            int start = b * _options.BatchSize;
            var indices = new ArraySegment<int>(order, start, Math.Min(_options.BatchSize, order.Length - start));

            double lr = _options.LearningRate * Schedule.Factor(state.GlobalStep);
            int step = state.GlobalStep + 1;
            double loss = TrainStep(indices, lr, step, parameters, optimizer,
                                    lastCheckpointStep >= 0 ? CheckpointDir : null, lastCheckpointStep);

            state.GlobalStep = step;
            state.Epoch = step / StepsPerEpoch;
            state.BatchInEpoch = step % StepsPerEpoch;
            var record = new LossRecord(step, loss, lr);
            state.LossHistory.Add(record);
            log.Append(record);
            stepsThisRun++;

            var elapsed = Elapsed();
            stoppedByBudget = _options.TimeBudget is { } budget && elapsed >= budget && step < TotalSteps;
            _observer.OnStep(Status(step, loss, lr, stepsThisRun, clock.Elapsed, elapsed));
            if (stoppedByBudget) _observer.OnMessage($"Time budget {_options.TimeBudget} reached after step {step} of {TotalSteps}.");

            bool last = step == TotalSteps || stoppedByBudget;
            if (_evaluate is not null && (step % _options.EvalSteps == 0 || last))
            {
                Evaluate(state, log);
                if (!last && EvaluationsWithoutImprovement(state) >= _options.EarlyStoppingPatience)
                {
                    stoppedEarly = last = true;
                    _observer.OnMessage($"Early stopping after step {step}: {_options.MetricForBestModel} has not improved for " +
                                        $"{_options.EarlyStoppingPatience} evaluations (best at step {state.BestStep?.ToString() ?? "none"}).");
                }
            }
            if (step % _options.SaveInterval == 0 || last)
            {
                Checkpoint(state, optimizer, Elapsed());
                lastCheckpointStep = step;
            }
        }

        // The last step was checkpointed in the loop (or, when resuming a finished run, is the checkpoint itself).
        _observer.OnTrainingEnd(History(state));
        AtomicDirectory.Replace(FinalDir, _method.SaveModel);
        _observer.OnMessage($"Saved the final model to {FinalDir}.");
        if (state.BestStep is null)
        {
            AtomicDirectory.Replace(BestDir, _method.SaveModel);
            _observer.OnMessage($"No evaluation selected a best model: {BestDir} is the final model.");
        }

        return new TrainingResult(state.GlobalStep, TotalSteps, (double)state.GlobalStep / StepsPerEpoch, stoppedByBudget,
                                  Elapsed(), state.BestMetric, state.BestStep, state.EvalHistory, state.LossHistory,
                                  CheckpointDir, BestDir, FinalDir) { StoppedEarly = stoppedEarly };

        TimeSpan Elapsed() => TimeSpan.FromSeconds(elapsedBefore) + clock.Elapsed;
    }

    /// <summary>
    /// One optimizer step, everything inside one dispose scope: zero_grad, loss, finiteness check, backward,
    /// clip_grad_norm, AdamW step at <paramref name="lr"/>. Returns the loss.
    /// </summary>
    double TrainStep(IReadOnlyList<int> indices, double lr, int step, Parameter[] parameters, AdamW optimizer,
                     string? lastCheckpoint, int lastCheckpointStep)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var batch = _source.GetBatch(indices);
        var loss = _method.ComputeLoss(batch);
        if (loss.numel() != 1)
            throw new InvalidOperationException($"ComputeLoss must return a scalar, got shape [{string.Join(", ", loss.shape)}].");
        double value = loss.detach().cpu().to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value))
            throw new TrainingDivergedException(step, $"the loss is {Format(value)}", lastCheckpoint, lastCheckpointStep);

        loss.backward();
        if (_options.MaxGradNorm is { } maxNorm)
        {
            double norm = torch.nn.utils.clip_grad_norm_(parameters, maxNorm);
            if (!double.IsFinite(norm))
                throw new TrainingDivergedException(step, $"the gradient norm is {Format(norm)}", lastCheckpoint, lastCheckpointStep);
        }
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        optimizer.step();
        _method.OnStepEnd(step, TotalSteps);
        return value;
    }

    /// <summary>The order of the examples in epoch <paramref name="epoch"/>: a permutation of [0, Count) from a
    /// generator seeded with Seed + epoch, independent of everything else (so a resume recomputes it).</summary>
    int[] EpochOrder(int epoch)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(unchecked((ulong)(_options.Seed + epoch)));
        var perm = torch.randperm(_source.Count, generator: generator, dtype: ScalarType.Int64);
        return perm.data<long>().Select(i => (int)i).ToArray();
    }

    TrainerState Start()
    {
        if (Directory.Exists(CheckpointDir) || Directory.Exists(CheckpointDir + ".old"))
            throw new ContrastiveException(
                $"{_options.OutputDir} already holds a checkpoint of an earlier run; resume it or choose another output folder.");
        AtomicDirectory.Delete(CheckpointDir);
        torch.manual_seed(_options.Seed);
        return new TrainerState
        {
            StepsPerEpoch = StepsPerEpoch,
            TotalSteps = TotalSteps,
            ExampleCount = _source.Count,
            RngState = "",
            Options = _options,
        };
    }

    TrainerState Resume(nn.Module model, AdamW optimizer)
    {
        var state = TrainingCheckpoint.LoadState(CheckpointDir);
        var path = Path.Combine(CheckpointDir, TrainerState.FileName);
        var differences = _options.ResumeDifferences(state.Options);
        if (state.ExampleCount != _source.Count) differences = [.. differences, $"data set size {state.ExampleCount} -> {_source.Count}"];
        if (differences.Count > 0)
            throw new ContrastiveException(
                $"{path}: this run's arguments differ from the checkpoint's ({string.Join("; ", differences)}); resume with the " +
                "checkpoint's values (a changed learning rate is accepted with --allow-changed).");
        if (state.GlobalStep > TotalSteps)
            throw new ContrastiveException($"{path}: the checkpoint is at step {state.GlobalStep}, past the {TotalSteps} steps planned now.");
        if (state.TotalSteps != TotalSteps)
            _observer.OnMessage($"The checkpoint planned {state.TotalSteps} steps, this run plans {TotalSteps}: the learning-rate schedule changes.");

        TrainingCheckpoint.LoadModel(CheckpointDir, model);
        TrainingCheckpoint.LoadOptimizer(CheckpointDir, optimizer);
        try
        {
            using var rng = torch.tensor(Convert.FromBase64String(state.RngState), ScalarType.Byte);
            torch.set_rng_state(rng);
        }
        catch (Exception e) when (e is FormatException or System.Runtime.InteropServices.ExternalException)
        {
            throw new ContrastiveException($"{path}: rng_state is not a valid torch generator state.", e);
        }
        state.TotalSteps = TotalSteps;
        state.Options = _options;
        _observer.OnMessage($"Resuming from step {state.GlobalStep} of {TotalSteps} (epoch {state.Epoch}, batch {state.BatchInEpoch}) in {CheckpointDir}.");
        return state;
    }

    void Evaluate(TrainerState state, TrainingLog log)
    {
        var model = _method.Model;
        Dictionary<string, double> metrics;
        // The global RNG is put back afterwards, so an evaluation that samples cannot change the training that follows.
        using var rng = torch.get_rng_state();
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            metrics = new Dictionary<string, double>(_evaluate!());
        }
        finally
        {
            model.train();
            torch.set_rng_state(rng);
        }
        var record = new EvaluationRecord(state.GlobalStep, metrics);
        state.EvalHistory.Add(record);
        log.Append(record);
        _observer.OnEvaluation(state.GlobalStep, metrics);
        _observer.OnHistory(History(state));

        if (_options.MetricForBestModel is not { } name) return;
        if (!metrics.TryGetValue(name, out double value))
            throw new ContrastiveException(
                $"The evaluation returned no metric '{name}' (the metric for the best model); it returned: {string.Join(", ", metrics.Keys)}.");
        if (!double.IsFinite(value) || (state.BestMetric is { } best && value <= best)) return;
        AtomicDirectory.Replace(BestDir, _method.SaveModel);
        state.BestMetric = value;
        state.BestStep = state.GlobalStep;
        _observer.OnMessage($"New best {name} = {Format(value)} at step {state.GlobalStep}: saved to {BestDir}.");
    }

    TrainingHistory History(TrainerState state) =>
        new(_options.OutputDir, state.LossHistory, state.EvalHistory, _options.MetricForBestModel);

    /// <summary>Evaluations since the best one (all of them when none has a finite best metric yet).</summary>
    static int EvaluationsWithoutImprovement(TrainerState state) =>
        state.EvalHistory.Count(e => state.BestStep is not { } best || e.Step > best);

    void Checkpoint(TrainerState state, AdamW optimizer, TimeSpan elapsed)
    {
        using (var rng = torch.get_rng_state())
            state.RngState = Convert.ToBase64String(rng.data<byte>().ToArray());
        state.ElapsedSeconds = elapsed.TotalSeconds;
        TrainingCheckpoint.Save(CheckpointDir, _method.Model, optimizer, state);
        _observer.OnCheckpoint(CheckpointDir);
    }

    TrainingStatus Status(int step, double loss, double lr, int stepsThisRun, TimeSpan runTime, TimeSpan elapsed)
    {
        double rate = runTime.TotalSeconds > 0 ? stepsThisRun / runTime.TotalSeconds : 0;
        var eta = rate > 0 ? TimeSpan.FromSeconds((TotalSteps - step) / rate) : TimeSpan.Zero;
        if (_options.TimeBudget is { } budget)
        {
            var left = budget - elapsed;
            if (left < eta) eta = left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
        return new TrainingStatus(step, TotalSteps, (double)step / StepsPerEpoch, loss, lr, rate, elapsed, eta);
    }

    static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    sealed class NullObserver : ITrainingObserver;
}
