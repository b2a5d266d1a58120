using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Text.Data;
using Contrastive.Text.Tokenization;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive tokenizer train</c>: learns a WordPiece vocabulary from text files (<see cref="WordPieceTrainer"/>)
/// and writes a Hugging Face tokenizer folder (vocab.txt, tokenizer_config.json, special_tokens_map.json) that
/// <see cref="WordPieceTokenizer.FromDirectory"/> and <c>BertTokenizer.from_pretrained</c> read; its vocab.txt is what
/// <c>simcse train --vocab</c> takes for a new model. <c>contrastive tokenizer encode</c>: the word pieces and ids of a text, to see how a vocabulary splits it.
/// </summary>
public static class TokenizerCommand
{
    const string VocabFileName = "vocab.txt";

    public static Command Create() => Create(AnsiConsole.Console);

    /// <summary>The command writing to <paramref name="console"/> (tests pass a recording console).</summary>
    internal static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return new Command("tokenizer", "WordPiece tokenizers: train a vocabulary, show how text is encoded.")
        {
            CreateTrain(console),
            CreateEncode(console),
        };
    }

    static Command CreateTrain(IAnsiConsole console)
    {
        var corpus = new Option<string[]>("--corpus") { Description = "Text file(s), one sentence per line (.tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary size, the 5 special tokens included (BERT-base: 30522).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder for vocab.txt, tokenizer_config.json and special_tokens_map.json.", Required = true };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Merge a pair of pieces only while it occurs at least this often.", DefaultValueFactory = _ => 2 };
        var cased = new Option<bool>("--cased") { Description = "Keep case and accents (cased BERT); by default text is lowercased and accents stripped." };

        var train = new Command("train", "Learn a WordPiece vocabulary (BERT's BasicTokenizer rules, Hugging Face's trainer).")
        {
            corpus, vocabSize, outDir, minFrequency, cased,
        };
        train.SetAction(p =>
        {
            var size = p.GetValue(vocabSize);
            var frequency = p.GetValue(minFrequency);
            var specials = WordPieceTrainerOptions.BertSpecialTokens.Count;
            if (size <= specials)
                throw new ContrastiveException($"--vocab-size must be more than the {specials} special tokens, but it is {size}.");
            if (frequency < 1)
                throw new ContrastiveException($"--min-frequency must be at least 1, but it is {frequency}.");
            var lowercase = !p.GetValue(cased);
            var options = new WordPieceTrainerOptions(size, frequency, lowercase);
            var dir = OutputPath.Folder(p.GetValue(outDir)!, "--out");

            var clock = Stopwatch.StartNew();
            var lines = SentenceCorpus.ReadLines(p.GetValue(corpus)!);
            var vocab = Train(console, lines, options);
            var trained = clock.Elapsed;

            var vocabPath = Path.Combine(dir, VocabFileName);
            try
            {
                Directory.CreateDirectory(dir);
                WordPieceTrainer.WriteVocab(vocabPath, vocab);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ContrastiveException($"Cannot write the vocabulary to '{dir}': {e.Message}", e);
            }
            // Through the tokenizer, so that the folder holds exactly what FromDirectory and Hugging Face read.
            WordPieceTokenizer.FromVocabFile(vocabPath, lowercase).SaveTo(dir);

            Print(console, string.Create(CultureInfo.InvariantCulture,
                $"vocabulary: {vocab.Count} tokens ({(lowercase ? "uncased" : "cased")}) from {lines.Count} sentences, read and trained in {trained.TotalSeconds:F1} s"));
            if (vocab.Count < size)
                Print(console, $"(fewer than the {size} asked for: no pair of pieces occurs {frequency} or more times any more)");
            Print(console, $"wrote {vocabPath} and the tokenizer config files to {dir}");
            return 0;
        });
        return train;
    }

    /// <summary>Trains with a progress bar on an interactive console, silently otherwise.</summary>
    static IReadOnlyList<string> Train(IAnsiConsole console, IReadOnlyList<string> lines, WordPieceTrainerOptions options)
    {
        if (!console.Profile.Capabilities.Interactive)
            return WordPieceTrainer.Train(lines, options);
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("counting words, learning merges", autoStart: true, maxValue: 1);
                var vocab = WordPieceTrainer.Train(lines, options, new ProgressTaskReporter(task));
                task.StopTask();
                return vocab;
            });
    }

    static Command CreateEncode(IAnsiConsole console)
    {
        var vocab = new Option<string?>("--vocab") { Description = "A vocab.txt (uncased unless --cased)." };
        var model = new Option<string?>("--model") { Description = "A model or tokenizer folder (vocab.txt, tokenizer_config.json)." };
        var cased = new Option<bool>("--cased") { Description = "With --vocab: keep case and accents." };
        var maxLength = new Option<int>("--max-length") { Description = "Truncate to this many ids, [CLS] and [SEP] included.", DefaultValueFactory = _ => WordPieceTokenizer.DefaultModelMaxLength };
        var text = new Argument<string[]>("text") { Description = "The text to encode (several words are joined by spaces).", Arity = ArgumentArity.OneOrMore };

        var encode = new Command("encode", "Print the word pieces and ids of a text.") { vocab, model, cased, maxLength, text };
        encode.SetAction(p =>
        {
            var vocabPath = p.GetValue(vocab);
            var modelDir = p.GetValue(model);
            if ((vocabPath is null) == (modelDir is null))
                throw new ContrastiveException("Give either --vocab FILE or --model DIR (one of them).");
            if (modelDir is not null && p.GetValue(cased))
                throw new ContrastiveException("--cased goes with --vocab; a --model folder's tokenizer_config.json gives its casing.");
            var length = p.GetValue(maxLength);
            if (length < 2)
                throw new ContrastiveException($"--max-length must be at least 2 ([CLS] and [SEP]), but it is {length}.");

            var tokenizer = vocabPath is not null
                ? WordPieceTokenizer.FromVocabFile(vocabPath, lowercase: !p.GetValue(cased))
                : WordPieceTokenizer.FromDirectory(modelDir!);
            var ids = tokenizer.Encode(string.Join(' ', p.GetValue(text)!), length);
            // Decoding one id alone gives its vocabulary entry as written (continuation pieces keep their "##").
            var tokens = ids.Select(id => tokenizer.Decode([id], skipSpecialTokens: false));
            Print(console, $"tokens: {string.Join(' ', tokens)}");
            Print(console, $"ids:    {string.Join(' ', ids)}");
            var unknown = ids.Count(id => id == tokenizer.UnkId);
            Print(console, $"{ids.Count} ids{(unknown > 0 ? $", {unknown} of them [UNK]" : "")}");
            return 0;
        });
        return encode;
    }

    /// <summary>One raw line: paths and token lists are not wrapped at the console width, so they can be copied.</summary>
    static void Print(IAnsiConsole console, string line) => console.Profile.Out.Writer.WriteLine(line);

    /// <summary>Moves a Spectre progress task as the trainer reports, on the trainer's own thread.</summary>
    sealed class ProgressTaskReporter(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }
}
