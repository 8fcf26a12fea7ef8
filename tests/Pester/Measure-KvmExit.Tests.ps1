BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VirtDiag/VirtDiag.psd1" -Force
    $script:pair = Join-Path $PSScriptRoot '../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03'
}

Describe 'Measure-KvmExit' {
    It 'counts exits per reason like the stored trace-cmd report' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        # grep -o 'kvm_exit: *reason [A-Z_]*' trace.report.txt | sort | uniq -c
        $rows = Measure-KvmExit -Path (Join-Path $pair 'trace.dat')
        ($rows | Where-Object ExitReason -eq 'HLT' | Measure-Object Count -Sum).Sum | Should -Be 1665
        ($rows | Measure-Object Count -Sum).Sum | Should -Be 5860
    }
    It 'gives the same rows from Get-TraceEvent output and names the merged guest' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        $files = (Join-Path $pair 'trace.dat'), (Join-Path $pair 'trace-Salamander4.dat')
        $piped = Get-TraceEvent -Path $files -Event kvm_* | Measure-KvmExit -GroupBy VCpu
        $piped.Count | Should -Be 3
        ($piped | Where-Object HostPid -eq 483882).VM | Should -Be 'trace-Salamander4'
    }
    It 'names the guest VM the same when the host and guest files are piped' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace-Salamander4.dat")) {
        $files = (Join-Path $pair 'trace.dat'), (Join-Path $pair 'trace-Salamander4.dat')
        $named = Measure-KvmExit -Path $files -GroupBy VCpu
        $piped = Get-ChildItem $files | Measure-KvmExit -GroupBy VCpu
        ($piped | Where-Object HostPid -eq 483882).VM | Should -Be 'trace-Salamander4'
        ($piped | ForEach-Object { "$($_.VM) $($_.VCpu) $($_.Count) $($_.TotalTimeInHost)" }) -join "`n" |
            Should -Be (($named | ForEach-Object { "$($_.VM) $($_.VCpu) $($_.Count) $($_.TotalTimeInHost)" }) -join "`n")
    }
}
