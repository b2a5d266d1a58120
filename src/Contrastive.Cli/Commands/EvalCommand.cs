using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Evaluation;
using Contrastive.Core.Serialization;
using Contrastive.Text.Baselines;
using Contrastive.Text.Data;
using Contrastive.Text.Evaluation;
using Contrastive.Embeddings.Backends;
using Contrastive.Text.Inference;
using Contrastive.Text.PostProcessing;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive eval sts</c>: Spearman x100 of cosine similarities on STS tasks, as SimCSE's evaluation.py.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (ours, Hugging Face BERT or sentence-transformers), or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
        var data = new Option<string>("--data") { Description = "An STS-B csv, or a SentEval-style folder with STS/ and SICK/.", Required = true };
        var pooler = PoolerOption.Override();
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 128 };
        var maxSeqLength = new Option<int?>("--max-seq-length") { Description = "Override the model's maximum length." };
        var backend = EncodeCommand.BackendOption();
        var speedRounds = new Option<int>("--speed-rounds") { Description = "Time the encoding of the largest sentence set this many times (the evaluation's own pass included) and report the fastest, in sentences/s.", DefaultValueFactory = _ => 1 };

        var sts = new Command("sts", "Evaluate a sentence encoder on STS12-16, STS-B and SICK-R (whichever are present).")
        {
            model, data, pooler, json, batchSize, maxSeqLength, backend, speedRounds,
        };
        sts.SetAction(p =>
        {
            int bs = OptionValues.Positive(p.GetValue(batchSize), "--batch-size");
            if (p.GetValue(json) is { } jsonPath) OutputPath.File(jsonPath, "--json");
            var suite = StsSuite.Load(p.GetValue(data)!);
            var modelDir = p.GetValue(model)!;
            var engine = InferenceBackendNames.Parse(p.GetValue(backend)!);
            using var encoder = SentenceEncoderLoader.Load(modelDir, engine, PoolerOption.GetOverride(p, pooler), p.GetValue(maxSeqLength));
            int rounds = OptionValues.Positive(p.GetValue(speedRounds), "--speed-rounds");
            var speed = new EncodingSpeed(s => encoder.Encode(s, bs));     // with the folder's BERT-flow, when fitted
            var result = StsEvaluator.Evaluate(suite, speed.Encode, bs) with { SentencesPerSecond = speed.Best(rounds - 1) };
            AnsiConsole.WriteLine(result.FormatTable());
            if (result.Alignment is { } a && result.Uniformity is { } u)
                AnsiConsole.WriteLine($"alignment {MetricText.Format(a)}  uniformity {MetricText.Format(u)}");
            AnsiConsole.WriteLine($"encoding {result.SentencesPerSecond:F0} sentences/s (batch {bs}, {TorchSharp.torch.get_num_threads()} threads, best of {rounds})");
            if (p.GetValue(json) is { } path) AtomicFile.WriteAllText(path, result.ToJson());
            return 0;
        });
        return new Command("eval", "Evaluate encoders.") { sts, CreateBaseline(), CreateReport() };
    }

    /// <summary><c>contrastive eval baseline</c>: the same STS evaluation for the non-neural baselines.</summary>
    static Command CreateBaseline()
    {
        var kind = new Option<string>("--kind") { Description = "tfidf (IDF fitted on --corpus) or word-vectors (average of --vectors).", Required = true };
        kind.AcceptOnlyFromAmong("tfidf", "word-vectors");
        var corpus = new Option<string[]>("--corpus") { Description = "tfidf: training corpus for the IDF (never the test sentences).", AllowMultipleArgumentsPerToken = true };
        var vectors = new Option<string?>("--vectors") { Description = "word-vectors: a 'word v1 ... vd' text file (GloVe format)." };
        var data = new Option<string>("--data") { Description = "An STS-B csv, or a SentEval-style folder.", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };

        var baseline = new Command("baseline", "Evaluate TF-IDF or averaged word vectors on STS with the same evaluator.")
        {
            kind, corpus, vectors, data, json,
        };
        baseline.SetAction(p =>
        {
            if (p.GetValue(json) is { } jsonPath) OutputPath.File(jsonPath, "--json");
            var suite = StsSuite.Load(p.GetValue(data)!);
            Func<IReadOnlyList<string>, TorchSharp.torch.Tensor> encode;
            if (p.GetValue(kind) == "tfidf")
            {
                var files = p.GetValue(corpus);
                if (files is not { Length: > 0 }) throw new ContrastiveException("--kind tfidf needs --corpus (the IDF is fitted on it).");
                var tfidf = TfIdfEncoder.Fit(SentenceCorpus.ReadLines(files));
                encode = tfidf.Encode;
            }
            else
            {
                var path = p.GetValue(vectors) ?? throw new ContrastiveException("--kind word-vectors needs --vectors FILE.");
                encode = WordVectorAverageEncoder.Load(path).Encode;
            }
            var result = StsEvaluator.Evaluate(suite, encode);
            AnsiConsole.WriteLine(result.FormatTable());
            if (p.GetValue(json) is { } path2) AtomicFile.WriteAllText(path2, result.ToJson());
            return 0;
        });
        return baseline;
    }

    /// <summary><c>contrastive eval report</c>: one comparison table from the JSON files written by --json.</summary>
    static Command CreateReport()
    {
        var entries = new Argument<string[]>("entries") { Description = "LABEL=FILE.json pairs, in the order of the rows.", Arity = ArgumentArity.OneOrMore };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the table as Markdown to this file." };
        var report = new Command("report", "Print a comparison table of STS results saved with --json.") { entries, markdown };
        report.SetAction(p =>
        {
            if (p.GetValue(markdown) is { } markdownPath) OutputPath.File(markdownPath, "--markdown");
            var rows = new List<(string Label, System.Text.Json.JsonElement Json)>();
            foreach (var entry in p.GetValue(entries)!)
            {
                int eq = entry.IndexOf('=');
                if (eq <= 0) throw new ContrastiveException($"'{entry}' is not LABEL=FILE.json.");
                var file = entry[(eq + 1)..];
                if (!File.Exists(file)) throw new ContrastiveException($"{file}: file not found.");
                try
                {
                    var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement;
                    if (root.ValueKind != System.Text.Json.JsonValueKind.Object
                        || !root.EnumerateObject().Any(o => o.Name == "avg" || StsSuite.StandardTaskNames.Contains(o.Name)))
                        throw new ContrastiveException($"{file}: not an STS result written by 'eval sts --json' or 'eval baseline --json' (it has no \"avg\" and no STS task score).");
                    rows.Add((entry[..eq], root));
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw new ContrastiveException($"{file}: not valid JSON ({e.Message}).");
                }
            }
            var columns = rows.SelectMany(r => r.Json.EnumerateObject().Select(o => o.Name)).Distinct().ToList();
            var table = new Table().AddColumn("encoder");
            foreach (var c in columns) table.AddColumn(new TableColumn(c).RightAligned());
            var md = new System.Text.StringBuilder($"| encoder | {string.Join(" | ", columns)} |\n|---|{string.Concat(columns.Select(_ => "---:|"))}\n");
            foreach (var (label, json) in rows)
            {
                var cells = columns.Select(c => json.TryGetProperty(c, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number
                    ? c == "sentences_per_second" ? v.GetDouble().ToString("F0", System.Globalization.CultureInfo.InvariantCulture)
                    : MetricText.Format(v.GetDouble(), c is "alignment" or "uniformity" ? 3 : 2)
                    : "").ToArray();
                table.AddRow([Markup.Escape(label), .. cells]);
                md.Append($"| {label} | {string.Join(" | ", cells)} |\n");
            }
            AnsiConsole.Write(table);
            if (p.GetValue(markdown) is { } path) AtomicFile.WriteAllText(path, md.ToString());
            return 0;
        });
        return report;
    }
}
