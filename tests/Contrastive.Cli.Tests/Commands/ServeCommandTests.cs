using System.Net;
using System.Net.Sockets;

namespace Contrastive.Cli.Tests.Commands;

/// <summary>
/// <c>contrastive serve</c>'s bad-input contract (the endpoints are tested on a real server in
/// Contrastive.Server.Tests): each failure is one error line and exit code 1, never a hang.
/// </summary>
public class ServeCommandTests
{
    [Fact]
    public void Serve_MissingModelFolder_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("model folder not found", "serve", "--model", dir.File("nope"), "--urls", "http://127.0.0.1:0");
    }

    [Fact]
    public void Serve_ZeroMaxBatch_OneErrorLineNamingTheLimit()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("batch size", "serve", "--model", TinyBert.SaveEncoderFolder(dir), "--max-batch", "0", "--urls", "http://127.0.0.1:0");
    }

    [Fact]
    public void Serve_UnknownDtype_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("fp16", "serve", "--model", TinyBert.SaveEncoderFolder(dir), "--dtype", "fp16", "--urls", "http://127.0.0.1:0");
    }

    [Fact]
    public void Serve_MissingIndexFolder_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("no-index", "serve", "--model", TinyBert.SaveEncoderFolder(dir), "--index", dir.File("no-index"), "--urls", "http://127.0.0.1:0");
    }

    [Fact]
    public void Serve_PortInUse_OneErrorLineNamingTheAddress()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        InProcessCli.AssertBadInput(url, "serve", "--model", model, "--urls", url);
    }
}
