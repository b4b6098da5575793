// The path types (`PathOp`, `AnalysisPath`, `FunctionPaths`) live in PathFormat, the schema
// the analysis shares with the simulator; clients of LockAnalysis see them through it.
@_exported import PathFormat
