using System.CommandLine;
using Contrastive.Core.Serialization;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Inference;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive eval sts</c>: Spearman x100 of cosine similarities on STS tasks, as SimCSE's evaluation.py.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (ours, Hugging Face BERT or sentence-transformers).", Required = true };
        var data = new Option<string>("--data") { Description = "An STS-B csv, or a SentEval-style folder with STS/ and SICK/.", Required = true };
        var pooler = new Option<string?>("--pooler") { Description = "Override the model's pooler." };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 128 };
        var maxSeqLength = new Option<int?>("--max-seq-length") { Description = "Override the model's maximum length." };

        var sts = new Command("sts", "Evaluate a sentence encoder on STS12-16, STS-B and SICK-R (whichever are present).")
        {
            model, data, pooler, json, batchSize, maxSeqLength,
        };
        sts.SetAction(p =>
        {
            var suite = StsSuite.Load(p.GetValue(data)!);
            var encoder = SentenceEncoderFolder.Load(p.GetValue(model)!, p.GetValue(pooler), p.GetValue(maxSeqLength));
            int bs = p.GetValue(batchSize);
            var result = StsEvaluator.Evaluate(suite, s => encoder.Encode(s, bs), bs);
            AnsiConsole.WriteLine(result.FormatTable());
            if (result.Alignment is { } a && result.Uniformity is { } u)
                AnsiConsole.WriteLine($"alignment {a:F4}  uniformity {u:F4}");
            if (p.GetValue(json) is { } path) AtomicFile.WriteAllText(path, result.ToJson());
            return 0;
        });
        return new Command("eval", "Evaluate encoders.") { sts };
    }
}
