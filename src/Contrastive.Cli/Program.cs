using System.CommandLine;
using Contrastive.Cli;
using Contrastive.Cli.Commands;

// The `contrastive` command: one file per command under Commands/.
var root = new RootCommand("Contrastive: contrastive representation learning (SimCSE, BERT) on TorchSharp.")
{
    SimCseCommand.Create(),
    EvalCommand.Create(),
    EncodeCommand.Create(),
    WhitenCommand.Create(),
    TokenizerCommand.Create(),
    BertCommand.Create(),
    SimilarityCommand.Create(),
    IndexCommand.Create(),
    SearchCommand.Create(),
};
return CliRunner.Invoke(root, args);
