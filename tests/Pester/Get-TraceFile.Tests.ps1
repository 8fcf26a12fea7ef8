BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VirtDiag/VirtDiag.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/ftrace'
}

Describe 'Get-TraceFile' {
    It 'describes the zlib host trace' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        $f = Get-TraceFile -Path (Join-Path $fixtures 'public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat') -CountEvents
        $f.FileVersion | Should -Be 7
        $f.Compression | Should -Be 'zlib 1.2.11'
        $f.CpuCount | Should -Be 20
        $f.EventCount | Should -Be 11721
        $f.Guests[0].VCpus[0].HostPid | Should -Be 483882
    }
}
