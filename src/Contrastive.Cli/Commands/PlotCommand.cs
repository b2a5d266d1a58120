using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Reporting.Plotting;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive plot curves --run LABEL=DIR ... --metric NAME --output PNG</c>: learning curves of several training
/// runs on shared axes (one metric of their evaluations, or the training loss, against steps or epochs), read from
/// each run's <c>trainer_log.jsonl</c>; the last value of each run is printed.
/// </summary>
public static class PlotCommand
{
    public static Command Create() => new("plot", "Plots from saved training runs.") { Curves() };

    static Command Curves()
    {
        var runs = new Option<string[]>("--run") { Description = "LABEL=PATH: a run's output folder or its trainer_log.jsonl (repeat for each run).", Required = true, AllowMultipleArgumentsPerToken = false };
        var metric = new Option<string>("--metric") { Description = "An evaluation metric of the runs (e.g. knn_acc, ndcg@10, stsb_spearman) or loss.", DefaultValueFactory = _ => "loss" };
        var xAxis = new Option<string>("--x") { Description = "Horizontal axis: step or epoch.", DefaultValueFactory = _ => "step" };
        xAxis.AcceptOnlyFromAmong("step", "epoch");
        var output = new Option<string>("--output") { Description = "PNG file to write.", Required = true };
        var title = new Option<string?>("--title") { Description = "Plot title (default: the metric)." };
        var curves = new Command("curves", "Learning curves of several runs on shared axes (PNG).") { runs, metric, xAxis, output, title };
        curves.SetAction(p =>
        {
            var png = OutputPath.File(p.GetValue(output)!, "--output");
            string name = p.GetValue(metric)!, x = p.GetValue(xAxis)!;
            var series = new List<PlotSeries>();
            var table = new Table().AddColumns("run", x, name);
            foreach (var run in p.GetValue(runs)!)
            {
                int eq = run.IndexOf('=');
                if (eq <= 0 || eq == run.Length - 1) throw new ContrastiveException($"--run '{run}': expected LABEL=PATH.");
                string label = run[..eq];
                var log = TrainingLogFile.Read(run[(eq + 1)..]);
                var points = name == "loss"
                    ? log.Losses.Select(l => (l.Step, Value: l.Loss)).ToList()
                    : log.Evaluations.Where(e => e.Metrics.ContainsKey(name)).Select(e => (e.Step, Value: e.Metrics[name])).ToList();
                if (points.Count == 0)
                    throw new ContrastiveException($"{log.Path}: no '{name}' values; its evaluations have {(log.MetricNames.Count == 0 ? "no metrics" : string.Join(", ", log.MetricNames))}.");
                if (x == "epoch" && log.StepsPerEpoch is null) throw new ContrastiveException($"{log.Path}: no step lines, so no epochs; use --x step.");
                double X(int step) => x == "epoch" ? step / log.StepsPerEpoch!.Value : step;
                series.Add(new PlotSeries(label, points.Select(q => X(q.Step)).ToArray(), points.Select(q => q.Value).ToArray()));
                var last = points[^1];
                table.AddRow(Markup.Escape(label), X(last.Step).ToString(x == "epoch" ? "F2" : "F0", CultureInfo.InvariantCulture),
                             last.Value.ToString("G6", CultureInfo.InvariantCulture));
            }
            LineSeriesPlot.Save(png, p.GetValue(title) ?? name, x, name, series,
                                legend: name == "loss" ? ScottPlot.Alignment.UpperRight : ScottPlot.Alignment.LowerRight);
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"plot: {png}");
            return 0;
        });
        return curves;
    }
}
