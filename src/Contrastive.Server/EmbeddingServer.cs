using Contrastive.Embeddings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Contrastive.Server;

/// <summary>
/// A sentence-embedding HTTP server over a <see cref="SentenceEmbedder"/> (and its index, if any): ASP.NET Core minimal
/// API on Kestrel with the endpoints of <see cref="EmbeddingEndpoints"/>. Refused requests are answered 400 with
/// OpenAI's JSON error body (<see cref="ApiError"/>); unknown paths 404 and wrong methods 405, with the same body.
/// The embedder is not owned: dispose it after the server.
/// </summary>
/// <example>
/// <code>
/// await using var server = EmbeddingServer.Create(embedder, new EmbeddingServerOptions(), ["http://127.0.0.1:0"]);
/// await server.StartAsync();
/// Console.WriteLine(server.Urls[0]);   // e.g. http://127.0.0.1:40123
/// </code>
/// </example>
public sealed class EmbeddingServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly EncodingQueue _queue;

    EmbeddingServer(WebApplication app, EncodingQueue queue)
    {
        _app = app;
        _queue = queue;
    }

    /// <param name="urls">Addresses to listen on, e.g. <c>http://127.0.0.1:8080</c> (port 0: any free port).</param>
    /// <param name="logLevel">Minimum level of ASP.NET Core's console log (warnings by default).</param>
    /// <exception cref="Contrastive.Core.ContrastiveException">An option is out of range.</exception>
    public static EmbeddingServer Create(SentenceEmbedder embedder, EmbeddingServerOptions options, IReadOnlyList<string> urls,
                                         LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        options.Validate();
        if (urls.Count == 0) throw new Contrastive.Core.ContrastiveException("Give at least one URL to listen on, e.g. http://127.0.0.1:8080.");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.WebHost.UseUrls([.. urls]);
        // The endpoints read at most MaxRequestBytes themselves and answer 400 beyond it; Kestrel's own limit (413,
        // connection closed) only stops a client that keeps sending far past it.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBytes * 4, 16L << 20));

        var app = builder.Build();
        var queue = new EncodingQueue(embedder.Encoder, Math.Max(options.MaxBatchSize, options.EncoderBatchSize), options.EncoderBatchSize);
        var modelId = options.ModelId ?? (embedder.ModelPath is { } p ? Path.GetFileName(Path.TrimEndingDirectorySeparator(p)) : "contrastive");
        var logger = app.Logger;

        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (InvalidRequestException e) when (!context.Response.HasStarted)
            {
                await EmbeddingEndpoints.WriteJsonAsync(context, ApiError.Of(e.Message, param: e.Param), e.StatusCode);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await EmbeddingEndpoints.WriteJsonAsync(context, ApiError.Of($"Bad request: {e.Message}"), StatusCodes.Status400BadRequest);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                await EmbeddingEndpoints.WriteJsonAsync(context, ApiError.Of($"Internal error: {e.GetType().Name}: {e.Message}", ApiError.ServerError),
                                                        StatusCodes.Status500InternalServerError);
            }
        });
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var message = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"No endpoint at {context.Request.Path}; see GET /info and the README for the API.",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
                _ => $"HTTP {context.Response.StatusCode} for {context.Request.Method} {context.Request.Path}.",
            };
            await EmbeddingEndpoints.WriteJsonAsync(context, ApiError.Of(message), context.Response.StatusCode);
        });
        new EmbeddingEndpoints(embedder, queue, options, modelId).Map(app);
        return new EmbeddingServer(app, queue);
    }

    /// <summary>The addresses listened on, with the real ports once started.</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>Model calls so far and how many requests and texts they served (see <see cref="ServerEncoderStats"/>).</summary>
    public ServerEncoderStats EncoderStats => new(_queue.Groups, _queue.ForwardPasses, _queue.Requests, _queue.Texts);

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (or the host is stopped), then stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _queue.Dispose();
    }
}
