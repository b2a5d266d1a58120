using System.Net;
using System.Text;
using System.Text.Json;
using Contrastive.Embeddings;

namespace Contrastive.Server.Tests;

public sealed class EmbeddingEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static readonly string[] Sentences = ["A man plays the guitar.", "A cat sits on the mat.", "The dog is slow."];

    static float[] Floats(JsonElement array) => array.EnumerateArray().Select(x => x.GetSingle()).ToArray();

    [Fact]
    public async Task OpenAiEmbeddings_ListOfInputs_ReturnsUnitEmbeddingsOfTheModelInOrder()
    {
        var (status, body) = await server.PostAsync("/v1/embeddings", JsonSerializer.Serialize(new { input = Sentences, model = "anything" }));

        Assert.Equal(200, status);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(ServerFixture.ModelId, body.GetProperty("model").GetString());
        var expected = ServerFixture.Rows(server.Reference.Encode(Sentences));        // unit length
        var data = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(Sentences.Length, data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            Assert.Equal("embedding", data[i].GetProperty("object").GetString());
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            ServerFixture.AssertClose(expected[i], Floats(data[i].GetProperty("embedding")));
        }
        var tokenizer = server.Reference.Encoder.Tokenizer;
        int tokens = Sentences.Sum(s => tokenizer.Encode(s, server.Reference.Encoder.MaxSeqLength).Count);
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task OpenAiEmbeddings_Base64WithDimensions_DecodesToTheTruncatedRenormalisedEmbedding()
    {
        var (status, body) = await server.PostAsync("/v1/embeddings",
            """{"input": "A dog runs in the park.", "encoding_format": "base64", "dimensions": 8}""");

        Assert.Equal(200, status);
        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        var actual = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, actual, 0, bytes.Length);
        var full = ServerFixture.Rows(server.Reference.Encode(["A dog runs in the park."]))[0];
        ServerFixture.AssertClose(EmbeddingVectors.Normalize(full.AsSpan(0, 8)), actual);
        Assert.Equal(1.0, Math.Sqrt(actual.Sum(x => (double)x * x)), 5);
    }

    [Fact]
    public async Task Embed_NormalizeFalse_ReturnsThePooledEmbeddings()
    {
        var (status, body) = await server.PostAsync("/embed", JsonSerializer.Serialize(new { inputs = Sentences, normalize = false }));

        Assert.Equal(200, status);
        var expected = ServerFixture.Rows(server.Reference.Encoder.Encode(Sentences, normalize: false));
        Assert.Equal(Sentences.Length, body.GetArrayLength());
        for (int i = 0; i < Sentences.Length; i++) ServerFixture.AssertClose(expected[i], Floats(body[i]), 1e-4);
        Assert.NotEqual(1.0, Math.Sqrt(expected[0].Sum(x => (double)x * x)), 3);   // really not normalised
    }

    [Fact]
    public async Task Embed_SingleString_ReturnsOneUnitEmbedding()
    {
        var (status, body) = await server.PostAsync("/embed", """{"inputs": "A cat runs fast."}""");

        Assert.Equal(200, status);
        Assert.Equal(1, body.GetArrayLength());
        ServerFixture.AssertClose(ServerFixture.Rows(server.Reference.Encode(["A cat runs fast."]))[0], Floats(body[0]));
    }

    [Fact]
    public async Task Similarity_TeiInputs_ReturnsTheCosineWithEachSentence()
    {
        var (status, body) = await server.PostAsync("/similarity",
            JsonSerializer.Serialize(new { inputs = new { source_sentence = "A man plays the piano.", sentences = Sentences } }));

        Assert.Equal(200, status);
        var expected = server.Reference.Similarity("A man plays the piano.", Sentences);
        Assert.Equal(expected.Length, body.GetArrayLength());
        for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], body[j].GetDouble(), 5);
    }

    [Fact]
    public async Task Similarity_QueriesAndKeys_ReturnsTheCosineMatrix()
    {
        string[] queries = ["A man plays the piano.", "A bird sits on the mat."];
        var (status, body) = await server.PostAsync("/similarity", JsonSerializer.Serialize(new { queries, keys = Sentences }));

        Assert.Equal(200, status);
        var expected = server.Reference.Similarity(queries, Sentences);
        Assert.Equal(2, body.GetArrayLength());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < Sentences.Length; j++) Assert.Equal(expected[i, j], body[i][j].GetDouble(), 5);
    }

    [Fact]
    public async Task Search_QueryWithTopKAndThreshold_MatchesTheEmbeddersSearch()
    {
        foreach (var (topK, threshold) in new[] { (3, -1.0), (15, 0.9), (5, 0.6) })
        {
            var (status, body) = await server.PostAsync("/search",
                JsonSerializer.Serialize(new { query = "A man plays music.", top_k = topK, threshold }));

            Assert.Equal(200, status);
            var expected = server.Reference.Search("A man plays music.", threshold, topK);
            var result = body.GetProperty("results")[0];
            Assert.Equal("A man plays music.", result.GetProperty("query").GetString());
            var hits = result.GetProperty("hits").EnumerateArray().ToArray();
            Assert.Equal(expected.Count, hits.Length);
            for (int i = 0; i < hits.Length; i++)
            {
                Assert.Equal(expected[i].Sentence, hits[i].GetProperty("sentence").GetString());
                Assert.Equal(expected[i].Score, hits[i].GetProperty("score").GetDouble(), 5);
                Assert.Equal(Array.IndexOf(TinyCorpus.Scenes, expected[i].Sentence), hits[i].GetProperty("index").GetInt32());
            }
        }
    }

    [Fact]
    public async Task Search_Queries_ReturnsOneResultPerQueryInOrder()
    {
        string[] queries = [TinyCorpus.Scenes[4], TinyCorpus.Scenes[9]];
        var (status, body) = await server.PostAsync("/search", JsonSerializer.Serialize(new { queries, top_k = 1 }));

        Assert.Equal(200, status);
        var results = body.GetProperty("results");
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(queries[i], results[i].GetProperty("query").GetString());
            Assert.Equal(queries[i], results[i].GetProperty("hits")[0].GetProperty("sentence").GetString());   // itself, cosine 1
            Assert.Equal(1.0, results[i].GetProperty("hits")[0].GetProperty("score").GetDouble(), 4);
        }
    }

    [Fact]
    public async Task Health_Get_ReturnsOk()
    {
        var (status, body) = await server.GetAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Models_Get_ListsTheServedModelAsOpenAiDoes()
    {
        var (status, body) = await server.GetAsync("/v1/models");

        Assert.Equal(200, status);
        Assert.Equal("list", body.GetProperty("object").GetString());
        var model = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal((ServerFixture.ModelId, "model"), (model.GetProperty("id").GetString(), model.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Info_Get_DescribesModelLimitsAndIndex()
    {
        var (status, body) = await server.GetAsync("/info");

        Assert.Equal(200, status);
        Assert.Equal(ServerFixture.ModelId, body.GetProperty("model_id").GetString());
        Assert.Equal("avg", body.GetProperty("model_type").GetProperty("embedding").GetProperty("pooling").GetString());
        Assert.Equal(TinyBert.Scenes.Config.HiddenSize, body.GetProperty("dimension").GetInt32());
        Assert.Equal(ServerFixture.MaxBatch, body.GetProperty("max_client_batch_size").GetInt32());
        Assert.Equal(ServerFixture.MaxBytes, body.GetProperty("max_request_bytes").GetInt64());
        Assert.Equal(TinyCorpus.Scenes.Length, body.GetProperty("index").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ConcurrentRequests_EachGetsItsOwnEmbeddings()
    {
        var texts = TinyCorpus.Scenes;
        var expected = ServerFixture.Rows(server.Reference.Encode(texts));

        var answers = await Task.WhenAll(Enumerable.Range(0, texts.Length).Select(i =>
            server.PostAsync("/v1/embeddings", JsonSerializer.Serialize(new { input = new[] { texts[i], texts[(i + 1) % texts.Length] } }))));

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(200, answers[i].Status);
            ServerFixture.AssertClose(expected[i], Floats(answers[i].Body.GetProperty("data")[0].GetProperty("embedding")));
            ServerFixture.AssertClose(expected[(i + 1) % texts.Length], Floats(answers[i].Body.GetProperty("data")[1].GetProperty("embedding")));
        }
        var stats = server.Server.EncoderStats;
        Assert.True(stats.Groups <= stats.Requests, $"{stats.Groups} groups for {stats.Requests} requests");
    }

    public static TheoryData<string, string> MalformedRequests() => new()
    {
        { "/v1/embeddings", "{\"input\": [\"a\", " },                          // invalid JSON
        { "/v1/embeddings", "not json at all" },
        { "/v1/embeddings", "" },                                              // empty body
        { "/v1/embeddings", "[\"a\"]" },                                       // not an object
        { "/v1/embeddings", "{}" },                                            // input missing
        { "/v1/embeddings", "{\"input\": []}" },                               // empty input
        { "/v1/embeddings", "{\"input\": \"\"}" },                             // empty string
        { "/v1/embeddings", "{\"input\": \"  \\t \"}" },                         // white space only
        { "/v1/embeddings", "{\"input\": [\"a\", \" \"]}" },
        { "/v1/embeddings", "{\"input\": \"\\ud800\"}" },                        // lone high surrogate
        { "/v1/embeddings", "{\"input\": [\"a\", \"x\\udc00y\"]}" },             // lone low surrogate
        { "/embed", "{\"inputs\": \"\\ud800\\u0041\"}" },                         // high surrogate before a non-surrogate
        { "/similarity", "{\"inputs\": {\"source_sentence\": \"\\udbff\", \"sentences\": [\"b\"]}}" },
        { "/search", "{\"query\": \"\\ud800\"}" },
        { "/v1/embeddings", "{\"input\": \"a\", \"model\": \"\\ud800\"}" },       // in a field that is only echoed
        { "/v1/embeddings", "{\"input\": 42}" },                               // wrong type
        { "/v1/embeddings", "{\"input\": [[1, 2, 3]]}" },                      // token arrays
        { "/v1/embeddings", "{\"input\": [\"a\", null]}" },
        { "/v1/embeddings", "{\"input\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}" },   // 9 > max batch 8
        { "/v1/embeddings", "{\"input\": \"a\", \"encoding_format\": \"int8\"}" },
        { "/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 0}" },
        { "/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 33}" },
        { "/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 2.5}" },
        { "/v1/embeddings", "{\"input\": \"a\", \"model\": 7}" },
        { "/v1/embeddings", "{\"input\": \"" + new string('x', 5000) + "\"}" },   // over 4096 bytes
        { "/embed", "{\"inputs\": {\"a\": 1}}" },
        { "/embed", "{\"inputs\": \"a\", \"normalize\": \"yes\"}" },
        { "/similarity", "{\"inputs\": {\"source_sentence\": \"a\"}}" },
        { "/similarity", "{\"inputs\": {\"source_sentence\": [\"a\"], \"sentences\": [\"b\"]}}" },
        { "/similarity", "{\"inputs\": \"a\"}" },
        { "/similarity", "{\"queries\": [\"a\"]}" },
        { "/search", "{}" },
        { "/search", "{\"query\": 3}" },
        { "/search", "{\"query\": [\"a\"]}" },
        { "/search", "{\"query\": \"a\", \"queries\": [\"b\"]}" },
        { "/search", "{\"query\": \"a\", \"top_k\": 0}" },
        { "/search", "{\"query\": \"a\", \"top_k\": 1e9}" },
        { "/search", "{\"query\": \"a\", \"threshold\": \"high\"}" },
        { "/search", "{\"query\": \"a\", \"top_k\": 99999999999}" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task MalformedRequest_IsAnswered400WithAnOpenAiErrorBody(string path, string json)
    {
        var (status, body) = await server.PostAsync(path, json);

        Assert.Equal(400, status);
        var error = body.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task OversizedChunkedBody_IsAnswered400()
    {
        var json = "{\"input\": \"" + new string('x', 3 * (int)ServerFixture.MaxBytes) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TransferEncodingChunked = true;                              // no Content-Length to check up front
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await ServerFixture.ReadJsonAsync(response);
        Assert.Contains("4096", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownPathAndWrongMethod_Answer404And405WithJsonErrors()
    {
        var (notFound, body404) = await server.GetAsync("/v2/nothing");
        var (notAllowed, body405) = await server.GetAsync("/v1/embeddings");

        Assert.Equal(404, notFound);
        Assert.Contains("/v2/nothing", body404.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(405, notAllowed);
        Assert.Equal("invalid_request_error", body405.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Search_ServerWithoutIndex_Answers400NamingTheOption()
    {
        using var embedder = new SentenceEmbedder(TinyBert.SceneEncoder());
        await using var bare = EmbeddingServer.Create(embedder, new EmbeddingServerOptions(), ["http://127.0.0.1:0"]);
        await bare.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(bare.Urls[0]) };

        using var response = await client.PostAsync("/search", new StringContent("""{"query": "a"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await ServerFixture.ReadJsonAsync(response);
        Assert.Contains("--index", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task MutatedRequests_AreNeverAnswered500()
    {
        string[] valid =
        [
            """{"input": ["A man plays the guitar.", "A cat."], "encoding_format": "float", "dimensions": 4}""",
            """{"inputs": {"source_sentence": "A dog.", "sentences": ["A cat.", "A bird."]}}""",
            """{"query": "A dog runs.", "top_k": 3, "threshold": 0.1}""",
        ];
        string[] paths = ["/v1/embeddings", "/embed", "/similarity", "/search"];
        const string alphabet = "{}[]\":,0123456789-.eEtrufalsn \\u";
        var random = new Random(12345);
        var statuses = new Dictionary<int, int>();
        for (int trial = 0; trial < 120; trial++)
        {
            var chars = valid[random.Next(valid.Length)].ToCharArray().ToList();
            for (int edit = random.Next(1, 4); edit > 0; edit--)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }
            var path = paths[random.Next(paths.Length)];
            var (status, body) = await server.PostAsync(path, new string(chars.ToArray()));
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is 200 or 400, $"{path} answered {status} to {new string(chars.ToArray())}: {body}");
        }
        Assert.True(statuses.GetValueOrDefault(400) > 50, $"statuses: {string.Join(", ", statuses)}");
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]                       // not UTF-8 at all
    [InlineData(new byte[] { 0xc3, 0x28 })]                       // invalid continuation byte
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]                 // an encoded surrogate (CESU-8)
    [InlineData(new byte[] { 0xf4, 0x90, 0x80, 0x80 })]           // past U+10FFFF
    [InlineData(new byte[] { 0xe2, 0x82 })]                       // truncated sequence
    public async Task RawInvalidUtf8InAString_IsAnswered400(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("{\"input\": [\"A man ").Concat(bad).Concat(Encoding.UTF8.GetBytes(" plays.\"]}")).ToArray();

        var (status, json) = await server.PostBytesAsync("/v1/embeddings", body);

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task LoneSurrogate_IsAnswered400NamingTheField()
    {
        var (status, body) = await server.PostAsync("/v1/embeddings", """{"input": ["ok", "\ud800"]}""");

        Assert.Equal(400, status);
        Assert.Contains("'input[1]'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    public async Task NonJsonContentType_IsAnswered415(string mediaType)
    {
        var (status, body) = await server.PostBytesAsync("/v1/embeddings", Encoding.UTF8.GetBytes("""{"input": "A cat."}"""), mediaType);

        Assert.Equal(415, status);
        Assert.Contains(mediaType, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]                 // what curl -d sends, as in the README
    [InlineData("application/vnd.api+json")]
    public async Task JsonOrCurlContentType_IsAccepted(string mediaType)
    {
        var (status, _) = await server.PostBytesAsync("/v1/embeddings", Encoding.UTF8.GetBytes("""{"input": "A cat."}"""),
                                                      mediaType.Split(';')[0]);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task MutatedRequestBytes_WithInvalidUtf8AndSurrogates_AreNeverAnswered500()
    {
        string[] valid =
        [
            """{"input": ["A man plays the guitar.", "A cat."], "encoding_format": "float", "dimensions": 4}""",
            """{"inputs": {"source_sentence": "A dog.", "sentences": ["A cat.", "A bird."]}}""",
            """{"query": "A dog runs.", "top_k": 3, "threshold": 0.1}""",
        ];
        string[] paths = ["/v1/embeddings", "/embed", "/similarity", "/search"];
        byte[][] insertions =
        [
            [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x00], [0x80],
            "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\ud800\\u0041"u8.ToArray(), "\\u0000"u8.ToArray(), "\\"u8.ToArray(),
        ];
        var random = new Random(4242);
        var statuses = new Dictionary<int, int>();
        for (int trial = 0; trial < 120; trial++)
        {
            var bytes = Encoding.UTF8.GetBytes(valid[random.Next(valid.Length)]).ToList();
            for (int edit = random.Next(1, 3); edit > 0; edit--)
            {
                int at = random.Next(bytes.Count);
                if (random.Next(4) == 0) bytes[at] = (byte)random.Next(256);           // a flipped byte
                else bytes.InsertRange(at, insertions[random.Next(insertions.Length)]);
            }
            var path = paths[random.Next(paths.Length)];
            var (status, body) = await server.PostBytesAsync(path, bytes.ToArray());
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is 200 or 400, $"{path} answered {status} to {Convert.ToHexString(bytes.ToArray())}: {body}");
        }
        Assert.True(statuses.GetValueOrDefault(400) > 50, $"statuses: {string.Join(", ", statuses)}");
    }

    /// <summary>Each endpoint's request with the text to embed in place of <c>TEXT</c> (a JSON string literal).</summary>
    static readonly Dictionary<string, string> Templates = new()
    {
        ["/v1/embeddings"] = """{"input": ["A cat.", TEXT]}""",
        ["/embed"] = """{"inputs": TEXT}""",
        ["/similarity"] = """{"inputs": {"source_sentence": "A dog.", "sentences": [TEXT]}}""",
        ["/search"] = """{"query": TEXT}""",
    };

    public static TheoryData<string, string> MalformedBodiesOnEveryEndpoint()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, template) in Templates)
        {
            data.Add(path, template.Replace("TEXT", "\" \\t\\n \""));                  // white space only
            data.Add(path, template.Replace("TEXT", "\"\\udc00\""));                      // lone low surrogate
            data.Add(path, template.Replace("TEXT", "\"a\\ud83d\""));                     // high surrogate at the end
            data.Add(path, template.Replace("TEXT", "true"));                               // wrong JSON types
            data.Add(path, template.Replace("TEXT", "{\"text\": \"a\"}"));
            data.Add(path, template.Replace("TEXT", "1e400"));
            data.Add(path, template.Replace("TEXT", new string('[', 200) + new string(']', 200)));   // nested past the reader's depth
            data.Add(path, template.Replace("TEXT", "\"" + new string('x', 5000) + "\""));         // over the 4096-byte limit
            data.Add(path, template.Replace("TEXT", "\"a\"") + "{}");                       // trailing data
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodiesOnEveryEndpoint))]
    public async Task MalformedBody_OnEveryEndpoint_IsAnswered400(string path, string json)
    {
        var (status, body) = await server.PostAsync(path, json);

        Assert.True(status == 400, $"{path} answered {status} to {json[..Math.Min(json.Length, 200)]}: {body}");
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/embed")]
    [InlineData("/similarity")]
    [InlineData("/search")]
    public async Task RawInvalidUtf8_OnEveryEndpoint_IsAnswered400(string path)
    {
        var parts = Templates[path].Split("TEXT");
        var body = Encoding.UTF8.GetBytes(parts[0] + "\"caf").Concat(new byte[] { 0xe9 }).Concat(Encoding.UTF8.GetBytes("\"" + parts[1])).ToArray();

        var (status, json) = await server.PostBytesAsync(path, body);

        Assert.True(status == 400, $"{path} answered {status}: {json}");
    }

    [Theory]
    [InlineData("/embed")]
    [InlineData("/similarity")]
    [InlineData("/search")]
    public async Task TextPlainBody_OnEveryEndpoint_IsAnswered415(string path)
    {
        var (status, _) = await server.PostBytesAsync(path, Encoding.UTF8.GetBytes(Templates[path].Replace("TEXT", "\"A cat.\"")), "text/plain");

        Assert.Equal(415, status);
    }
}
