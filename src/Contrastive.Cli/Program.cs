using Contrastive.Cli;

// The `contrastive` command: see ContrastiveCli (root command) and Commands/ (one file per command).
return ContrastiveCli.Run(args);
