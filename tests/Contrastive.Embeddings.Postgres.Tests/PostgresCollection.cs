
namespace Contrastive.Embeddings.Postgres.Tests;

/// <summary>The test classes that share one throwaway PostgreSQL server; they run one after another, and the server
/// stops when the last has run.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgresql";
}
