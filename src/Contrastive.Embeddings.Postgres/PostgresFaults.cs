using System.Net.Sockets;
using Contrastive.Core;
using Npgsql;

namespace Contrastive.Embeddings.Postgres;

/// <summary>
/// Tells faults of the connection (server restarting or gone, connection terminated, network) from errors of the
/// statement, and retries the former with exponential backoff.
/// </summary>
internal static class PostgresFaults
{
    /// <summary>True when retrying on a new connection may succeed: class 08 (connection exception), 57P01-57P03
    /// (administrator or crash shutdown, cannot connect now), 53300 (too many connections), 40001/40P01
    /// (serialization failure, deadlock), or a socket / I/O / end-of-stream failure under Npgsql.</summary>
    public static bool IsConnectionFault(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01",
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or EndOfStreamException or TimeoutException,
        SocketException or IOException or EndOfStreamException => true,
        _ => false,
    };

    /// <summary>The error's first line, without Npgsql's multi-line detail.</summary>
    public static string Describe(Exception e)
    {
        var message = e is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : e.InnerException is { } inner && e.Message.StartsWith("Exception while", StringComparison.Ordinal)
            ? inner.Message : e.Message;
        return message.Split('\n')[0].Trim();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, retrying connection faults after 1, 2, 4, ... times
    /// <see cref="PostgresStoreOptions.FirstRetry"/> (at most <see cref="PostgresStoreOptions.MaxRetry"/>), clearing the
    /// pool's broken connections before each retry. The attempt must be idempotent (a whole transaction).
    /// </summary>
    /// <exception cref="ContrastiveException">A statement error, or a connection fault on the last attempt; names <paramref name="what"/>.</exception>
    public static async Task RunAsync(NpgsqlDataSource dataSource, PostgresStoreOptions options, string what,
        Func<CancellationToken, Task> attempt, Action<Exception, int>? retrying, CancellationToken cancellationToken)
    {
        var delay = options.FirstRetry;
        for (int tries = 1; ; tries++)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsConnectionFault(e) && !cancellationToken.IsCancellationRequested)
            {
                dataSource.Clear();
                if (tries >= options.MaxAttempts)
                    throw new ContrastiveException($"PostgreSQL did not answer after {tries} attempts while {what}: {Describe(e)}", e);
                retrying?.Invoke(e, tries);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetry.Ticks));
            }
            catch (PostgresException e)
            {
                throw new ContrastiveException($"PostgreSQL refused {what}: {Describe(e)}", e);
            }
        }
    }
}
