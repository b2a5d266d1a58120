using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Contrastive.TestKit;

/// <summary>
/// A throwaway PostgreSQL server with pgvector for the tests of the PostgreSQL store (an xunit fixture): initdb in a
/// temporary folder (as the <c>postgres</c> user when the tests run as root, since PostgreSQL refuses root),
/// <c>pg_ctl start</c> on a free loopback port with the socket in that folder, <c>CREATE EXTENSION vector</c>; stopped
/// and deleted on dispose. Where it cannot start (no PostgreSQL binaries, no pgvector: see
/// scripts/install-postgres.sh) <see cref="Unavailable"/> says why and <see cref="Require"/> skips the calling test.
/// No mock: every test that requires it talks to this real server.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    readonly string? _bin;
    readonly string _dir = Path.Combine(Path.GetTempPath(), "contrastive-pg-" + Guid.NewGuid().ToString("N"));
    readonly bool _asPostgresUser = Environment.UserName == "root";
    bool _started;

    public PostgresServer()
    {
        try
        {
            _bin = FindBinaries() ?? throw new InvalidOperationException(
                "PostgreSQL binaries (initdb, pg_ctl) were not found (install postgresql-15: bash scripts/install-postgres.sh)");
            Port = FreePort();
            Directory.CreateDirectory(_dir);
            if (_asPostgresUser) Run("chown", ["postgres:postgres", _dir], asPostgres: false);
            Run(Path.Combine(_bin, "initdb"), ["-D", DataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], asPostgres: true);
            Start();
            Psql("CREATE EXTENSION IF NOT EXISTS vector");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }
        catch (Exception e)
        {
            Unavailable = $"no PostgreSQL server with pgvector could be started ({e.Message.Split('\n')[0].Trim()}): skipped.";
            Stop();
        }
    }

    /// <summary>Why the server could not be started, or null when it runs.</summary>
    public string? Unavailable { get; }

    public int Port { get; }

    string DataDir => Path.Combine(_dir, "data");

    /// <summary>The server's log (pg_ctl -l): the server never inherits the pipes read here.</summary>
    string LogFile => Path.Combine(_dir, "server.log");

    /// <summary>Connection string for user postgres over TCP on 127.0.0.1 (trust authentication).</summary>
    public string ConnectionString(string applicationName = "contrastive-tests") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Application Name={applicationName};Timeout=10";

    /// <summary>Skips the calling test when the server is unavailable.</summary>
    public void Require() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>Restarts the server (fast shutdown: open connections are terminated), waiting until it accepts connections.</summary>
    public void Restart() =>
        Run(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDir, "-l", LogFile, "-m", "fast", "-w", "-t", "60", "restart", "-o", ServerOptions], asPostgres: true);

    /// <summary>Runs <paramref name="sql"/> with psql; returns its unaligned, tuples-only output.</summary>
    public string Psql(string sql) =>
        Run("psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
                     "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tAc", sql], asPostgres: false).Trim();

    string ServerOptions => $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50";

    void Start()
    {
        Run(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDir, "-l", LogFile, "-w", "-t", "60", "start", "-o", ServerOptions], asPostgres: true);
        _started = true;
    }

    void Stop()
    {
        if (_started && _bin is not null)
        {
            _started = false;
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asPostgres: true);
            }
            catch (InvalidOperationException)
            {
                // already stopped
            }
        }
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => Stop();

    static string? FindBinaries()
    {
        var env = Environment.GetEnvironmentVariable("CONTRASTIVE_PG_BIN");
        if (!string.IsNullOrEmpty(env)) return File.Exists(Path.Combine(env, "initdb")) ? env : null;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b.EndsWith("/15/bin", StringComparison.Ordinal)).ThenByDescending(b => b, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    string Run(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres && _asPostgresUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && _asPostgresUser)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add("postgres");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(file);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 120 s");
        }
        // A server started without -l would keep the pipes open: never wait on them for long.
        string Read(Task<string> text) => text.Wait(5_000) ? text.Result : "";
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {Read(stderr).Trim()} {Read(stdout).Trim()}");
        return Read(stdout);
    }
}
