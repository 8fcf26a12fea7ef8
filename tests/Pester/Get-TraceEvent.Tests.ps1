BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VirtDiag/VirtDiag.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/ftrace'
}

Describe 'Get-TraceEvent' {
    It 'reads every event of the v6 recording like trace-cmd report' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/local/local-sched-v6.dat")) {
        $events = Get-TraceEvent -Path (Join-Path $fixtures 'local/local-sched-v6.dat')
        $events.Count | Should -Be 1925
        $events[0].Name | Should -Be 'sched_waking'
        $events[0].TimestampText | Should -Be '590.343975'
    }
    It 'filters kvm_exit and stops early' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        $e = Get-TraceEvent -Path (Join-Path $fixtures 'public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat') -Event kvm_exit | Select-Object -First 1
        $e.Info | Should -Be 'reason EPT_MISCONFIG rip 0xffffffffa0632f49 info 0 0'
    }
    It 'merges piped host and guest files on the host clock exactly as -Path does' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace-Salamander4.dat")) {
        $dir = Join-Path $fixtures 'public-dat/v7-zlib-hostguest-hip24-2024-03'
        $files = (Join-Path $dir 'trace.dat'), (Join-Path $dir 'trace-Salamander4.dat')
        $named = Get-TraceEvent -Path $files -Event 'sched_switch', 'kvm_exit'
        $piped = Get-ChildItem $files | Get-TraceEvent -Event 'sched_switch', 'kvm_exit'
        $piped.Count | Should -Be $named.Count
        ($piped | ForEach-Object { "$($_.Machine) $($_.HostTimestamp)" }) -join "`n" | Should -Be (($named | ForEach-Object { "$($_.Machine) $($_.HostTimestamp)" }) -join "`n")
        # interleaved, not host then guest: a guest event lies before the last host event, and time never runs back
        $lastHost = [array]::FindLastIndex([object[]]$piped, [Predicate[object]]{ param($e) $e.Machine -eq 'host' })
        $firstGuest = [array]::FindIndex([object[]]$piped, [Predicate[object]]{ param($e) $e.Machine -eq 'trace-Salamander4' })
        $firstGuest | Should -BeLessThan $lastHost
        $back = 0
        for ($i = 1; $i -lt $piped.Count; $i++) { if ($piped[$i].HostTimestamp -lt $piped[$i - 1].HostTimestamp) { $back++ } }
        $back | Should -Be 0
    }
    It 'takes the window in -AfterNs/-BeforeNs and adds -TsOffset nanoseconds' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/local/local-sched-v6.dat")) {
        $dat = Join-Path $fixtures 'local/local-sched-v6.dat'
        $window = Get-TraceEvent -Path $dat -AfterNs 590400000000 -BeforeNs 590500000000
        $window.Count | Should -BeGreaterThan 0
        $window | ForEach-Object { $_.Timestamp | Should -BeGreaterOrEqual 590400000000; $_.Timestamp | Should -BeLessThan 590500000000 }
        # head -2 local-sched-v6.report.txt: 590.343975; 1.5 s added
        (Get-TraceEvent -Path $dat -TsOffset 1500000000 | Select-Object -First 1).TimestampText | Should -Be '591.843975'
    }
}
