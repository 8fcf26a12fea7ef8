#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The default table views at 120 columns (issue 14 item 5): every view of the shipped format file is checked from
# its definition (views added later are covered without touching this file), and the views of the records an admin
# reads most are rendered from examples/ and the fixtures with their key values checked whole.

BeforeDiscovery {
    $manifest = Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1'
    Import-Module $manifest -Force
    [xml] $format = Get-Content -Raw (Join-Path (Split-Path $manifest) 'VirtDiag.format.ps1xml')
    $views = @($format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl } | ForEach-Object {
            $headers = @($_.TableControl.TableHeaders.TableColumnHeader)
            $items = @($_.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
            $columns = for ($i = 0; $i -lt $headers.Count; $i++) {
                [pscustomobject]@{
                    Label    = $headers[$i].Label
                    Width    = if ($headers[$i].Width) { [int]$headers[$i].Width } else { 0 }
                    Property = $items[$i].PropertyName
                    Format   = $items[$i].FormatString
                }
            }
            @{ TypeName = $_.ViewSelectedBy.TypeName; Columns = @($columns) }
        })
    $haveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $script:RepoRoot 'examples'
    $script:Timestamp = 'yyyy-MM-ddTHH:mm:ss.fffzzz'

    # The table as an admin sees it in a 120-column console; every line must fit.
    function Get-Table($Records) {
        $text = $Records | Out-String -Width 120
        $lines = $text -split "`r?`n"
        foreach ($l in $lines) { $l.Length | Should -BeLessOrEqual 120 -Because "'$l' must fit 120 columns" }
        $text
    }
}

Describe 'View of <TypeName>' -ForEach $views {
    BeforeAll {
        $type = $TypeName -as [type]
    }

    It 'fits 120 columns with at least 10 left for its last column' {
        $fixed = $Columns | Select-Object -SkipLast 1
        $fixed | Where-Object Width -EQ 0 | Should -BeNullOrEmpty -Because 'every column but the last needs a width'
        $used = ($fixed | Measure-Object Width -Sum).Sum + $fixed.Count
        (120 - $used) | Should -BeGreaterOrEqual 10
    }

    It 'has headers that do not wrap' {
        foreach ($c in $Columns | Where-Object Width -GT 0) { $c.Label.Length | Should -BeLessOrEqual $c.Width -Because "$($c.Label) is $($c.Width) wide" }
    }

    It 'shows times with milliseconds and durations readably' {
        $type | Should -Not -BeNullOrEmpty
        foreach ($c in $Columns | Where-Object Property) {
            $p = $type.GetProperty($c.Property)
            $p | Should -Not -BeNullOrEmpty -Because "$TypeName has a $($c.Property) property"
            $t = [Nullable]::GetUnderlyingType($p.PropertyType) ?? $p.PropertyType
            if ($t -in [DateTimeOffset], [DateTime]) { $c.Format | Should -Match 'fff' -Because "$($c.Property) keeps its milliseconds" }
            if ($t -eq [TimeSpan]) { $c.Format | Should -Be 'g' -Because "$($c.Property) prints as 0:00:08.304, not 00:00:08.3040000" }
        }
    }
}

Describe 'Key values stay whole at 120 columns' {
    It 'VMotionMigration: id, result, MBps, start with milliseconds, duration' {
        $m = @(Get-VMotionMigration -Path $script:Examples -WarningAction SilentlyContinue)
        $m | Should -HaveCount 2
        $text = Get-Table $m
        foreach ($x in $m) {
            $text | Should -Match ([regex]::Escape($x.MigrationId))
            $text | Should -Match ([regex]::Escape($x.StartTime.ToString($script:Timestamp)))
            $text | Should -Match "$($x.Result)\s+$([regex]::Escape($x.Duration.ToString('g')))"
        }
        $text | Should -Match '\b1180\.442\b'
        $text | Should -Match '0:00:08\.304'
        $text | Should -Match '2026-11-01T10:15:02\.098\+00:00'
    }

    It 'VdsmTask: verb, result, duration, thread and the whole task id' {
        $t = @(Get-VdsmTask -Path $script:Examples -WarningAction SilentlyContinue)
        $text = Get-Table $t
        foreach ($x in $t | Where-Object TaskId) { $text | Should -Match ([regex]::Escape($x.TaskId)) }
        foreach ($x in $t | Where-Object Thread) { $text | Should -Match ([regex]::Escape($x.Thread)) }
        $text | Should -Match 'getSpmStatus\s+Succeeded\s+0:00:00\.039 jsonrpc/2\s+2f7a3c1e-1111-4b6f-9c3a-000000000001'
    }

    It 'PurpleScreen: category, PCPU and a readable message' {
        $s = @(Get-PurpleScreen -Path (Join-Path $script:Examples 'psod/esx-c.lab-psod.txt'))
        $text = Get-Table $s
        $text | Should -Match 'PageFault\s+14 #PF Exception 14 in world 2098112:vmnic4-pol'
    }

    It 'GuestOsFailure: kind, whole bug check name and a readable message' {
        $f = @(Get-GuestOsFailure -Path (Join-Path $script:Examples 'guest/messages'), (Join-Path $script:Examples 'guest/windows-system-event.txt') -WarningAction SilentlyContinue)
        $text = Get-Table $f
        $text | Should -Match 'BugCheck\s+DRIVER_IRQL_NOT_LESS_OR_EQUAL\s+The computer has'
        $text | Should -Match 'KernelPanic\s+Kernel panic - not syncing'
    }

    It 'LogDocument: the file name of a long path' {
        $d = @(Get-LogDocument -Path $script:Examples -WarningAction SilentlyContinue)
        $text = Get-Table $d
        foreach ($x in $d) { $text | Should -Match ([regex]::Escape('/' + $x.Name)) }
    }

    It 'VMotionEvent: time with milliseconds, id and kind' {
        $e = @(Get-VMotionEvent -Path $script:Examples -WarningAction SilentlyContinue)
        $text = Get-Table $e
        foreach ($x in $e) { $text | Should -Match "$([regex]::Escape($x.Timestamp.ToString($script:Timestamp)))\s+\S+\s+$($x.MigrationId)\s+$($x.Role)\s+$($x.Kind)\b" }
    }

    It 'VdsmExternalCommand: exit code, executable and stderr' {
        $c = @(Get-VdsmExternalCommand -Path $script:Examples -WarningAction SilentlyContinue)
        $text = Get-Table $c
        $text | Should -Match 'False\s+1 /usr/bin/qemu-img\s+.*qemu-img: error while writing'
    }

    It 'KvmExitSummary and TraceFile on a trace.dat fixture' -Skip:(-not $haveFixtures) {
        $dat = Get-ChildItem (Join-Path $script:Fixtures 'ftrace') -Recurse -Filter *.dat | Select-Object -First 1
        $text = Get-Table (Get-TraceFile -LiteralPath $dat.FullName)
        $text | Should -Match ([regex]::Escape($dat.Name))
    }
}
